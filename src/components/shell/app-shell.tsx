"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { PendingInvitations } from "~/components/invitations/pending-invitations";
import { NotificationBell } from "~/components/notifications/bell";
import { NotificationsLive } from "~/components/notifications/notifications-live";
import { GoToMyWork } from "~/components/my-work/go-to-my-work";
import { CommandPaletteLoader } from "./command-palette-loader";
import { ShortcutsLoader as Shortcuts } from "./shortcuts-loader";
import { ThemeToggle } from "./theme-toggle";
import { WorkspaceProvider, type ShellProject, type ShellWorkspace } from "./workspace-context";

type Props = {
  workspace: ShellWorkspace;
  workspaces: ShellWorkspace[];
  projects: ShellProject[];
  user: { id: string; name: string | null; email: string } | null;
  theme: "system" | "light" | "dark";
  children: ReactNode;
};

export function AppShell({ workspace, workspaces, projects, user, theme, children }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const [menuOpen, setMenuOpen] = useState(false);
  const active = projects.filter((p) => !p.archivedAt);
  const myWork = `/w/${workspace.slug}/my-work`;
  const onMyWork = pathname === myWork;

  const sidebar = (
    <nav aria-label="Workspace" className="flex h-full flex-col gap-4 p-3">
      <div className="flex items-center gap-1.5">
        <label htmlFor="workspace-switcher" className="sr-only">
          Workspace
        </label>
        <select
          id="workspace-switcher"
          value={workspace.slug}
          onChange={(e) => router.push(e.target.value === "__new" ? "/workspaces/new" : `/w/${e.target.value}`)}
          className="w-full min-w-0 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm font-semibold dark:border-zinc-700 dark:bg-zinc-900"
        >
          {workspaces.map((w) => (
            <option key={w.id} value={w.slug}>
              {w.name}
            </option>
          ))}
          <option value="__new">+ New workspace…</option>
        </select>
        {user ? <NotificationBell onNavigate={() => setMenuOpen(false)} /> : null}
      </div>
      <PendingInvitations variant="sidebar" />
      {user ? (
        <Link
          href={myWork}
          aria-current={onMyWork ? "page" : undefined}
          onClick={() => setMenuOpen(false)}
          className={`flex items-center justify-between rounded-md px-2 py-1.5 text-sm ${onMyWork ? "bg-zinc-200 font-medium dark:bg-zinc-800" : "hover:bg-zinc-100 dark:hover:bg-zinc-900"}`}
        >
          My work
          <kbd className="hidden font-mono text-xs text-zinc-600 md:inline dark:text-zinc-400" aria-hidden>
            g m
          </kbd>
        </Link>
      ) : null}
      <div className="flex-1 overflow-y-auto">
        <h2 className="px-2 pb-1 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
          Projects
        </h2>
        {active.length === 0 ? (
          <p className="px-2 text-sm text-zinc-600 dark:text-zinc-400">No projects yet.</p>
        ) : (
          <ul className="space-y-0.5">
            {active.map((p) => {
              const href = `/w/${workspace.slug}/p/${p.key}`;
              const current = pathname === href || pathname.startsWith(`${href}/`);
              return (
                <li key={p.id}>
                  <Link
                    href={href}
                    aria-current={current ? "page" : undefined}
                    onClick={() => setMenuOpen(false)}
                    className={`flex items-center justify-between rounded-md px-2 py-1.5 text-sm ${current ? "bg-zinc-200 font-medium dark:bg-zinc-800" : "hover:bg-zinc-100 dark:hover:bg-zinc-900"}`}
                  >
                    <span className="truncate">
                      <span className="mr-1.5 font-mono text-xs text-zinc-600 dark:text-zinc-400">{p.key}</span>
                      {p.name}
                    </span>
                    <span className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">{p.openTasks}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <div className="space-y-0.5 border-t border-zinc-200 pt-3 dark:border-zinc-800">
        <Link
          href={`/w/${workspace.slug}/settings`}
          className="block rounded-md px-2 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-900"
        >
          Workspace settings
        </Link>
        <ThemeToggle initial={theme} />
        {user ? (
          <div className="px-2 pt-2 text-sm">
            <p className="truncate font-medium">{user.name ?? user.email}</p>
            <p className="truncate text-xs text-zinc-600 dark:text-zinc-400">{user.email}</p>
            <div className="mt-1 flex gap-3 text-xs">
              <Link href="/account" className="underline">
                Account
              </Link>
              <Link href="/sign-out" className="underline">
                Sign out
              </Link>
            </div>
          </div>
        ) : null}
      </div>
    </nav>
  );

  return (
    <WorkspaceProvider value={{ workspace, projects, viewerId: user?.id ?? null }}>
      <div className="flex min-h-screen">
        <aside className="sticky top-0 hidden h-screen w-60 shrink-0 border-r border-zinc-200 bg-zinc-50 md:block dark:border-zinc-800 dark:bg-zinc-950">
          {sidebar}
        </aside>
        {menuOpen ? (
          <div className="fixed inset-0 z-40 md:hidden" role="dialog" aria-modal="true" aria-label="Navigation">
            <button
              type="button"
              aria-label="Close navigation"
              className="absolute inset-0 bg-black/40"
              onClick={() => setMenuOpen(false)}
            />
            <aside className="absolute inset-y-0 left-0 w-64 bg-zinc-50 dark:bg-zinc-950">{sidebar}</aside>
          </div>
        ) : null}
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex items-center gap-2 border-b border-zinc-200 px-3 py-2 md:hidden dark:border-zinc-800">
            <button
              type="button"
              onClick={() => setMenuOpen(true)}
              className="rounded-md px-2 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
              aria-label="Open navigation"
            >
              ☰
            </button>
            <span className="truncate font-semibold">{workspace.name}</span>
            {user ? (
              <span className="ml-auto">
                <NotificationBell />
              </span>
            ) : null}
          </header>
          <main id="main" className="min-w-0 flex-1">
            {children}
          </main>
        </div>
      </div>
      <CommandPaletteLoader />
      <Shortcuts />
      {user ? <GoToMyWork href={myWork} /> : null}
      {user ? <NotificationsLive /> : null}
    </WorkspaceProvider>
  );
}
