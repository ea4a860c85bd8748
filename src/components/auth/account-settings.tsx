"use client";

import Link from "next/link";
import { signOut } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button, inputClass } from "~/components/ui/button";
import { describeError } from "~/lib/errors";
import { formatDate } from "~/lib/task-meta";
import { api } from "~/trpc/react";
import { fieldErrors } from "./field-errors";
import { formText } from "~/lib/form";

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="rounded-lg border border-zinc-200 p-5 dark:border-zinc-800" aria-label={title}>
      <h2 className="mb-4 text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function Inline({ message }: { message?: string | null }) {
  return message ? (
    <p role="alert" className="mt-1 text-sm text-rose-700 dark:text-rose-400">
      {message}
    </p>
  ) : null;
}

export function AccountSettings() {
  const utils = api.useUtils();
  const me = api.account.me.useQuery();
  const sessions = api.account.sessions.useQuery();
  const tokens = api.account.tokens.useQuery();
  const [newSecret, setNewSecret] = useState<string | null>(null);

  const updateProfile = api.account.updateProfile.useMutation({
    onSuccess: async () => {
      toast.success("Profile saved");
      await utils.account.me.invalidate();
    },
  });
  const changePassword = api.account.changePassword.useMutation({
    onSuccess: async () => {
      toast.success("Password changed; your other sessions were signed out");
      await utils.account.sessions.invalidate();
    },
  });
  const everywhere = api.account.signOutEverywhere.useMutation({
    onSuccess: async (r) => {
      toast.success(`Signed out ${r.revoked} other session${r.revoked === 1 ? "" : "s"}`);
      await utils.account.sessions.invalidate();
    },
    onError: (e) => toast.error(describeError(e)),
  });
  const revokeSession = api.account.revokeSession.useMutation({
    onSuccess: () => utils.account.sessions.invalidate(),
    onError: (e) => toast.error(describeError(e)),
  });
  const createToken = api.account.createToken.useMutation({
    onSuccess: async (r) => {
      setNewSecret(r.secret);
      await utils.account.tokens.invalidate();
    },
  });
  const revokeToken = api.account.revokeToken.useMutation({
    onSuccess: () => utils.account.tokens.invalidate(),
    onError: (e) => toast.error(describeError(e)),
  });

  const profileErrors = fieldErrors(updateProfile.error);
  const passwordErrors = fieldErrors(changePassword.error);
  const tokenErrors = fieldErrors(createToken.error);

  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-8">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Account</h1>
        <Link href="/" className="text-sm underline">
          Back to your work
        </Link>
      </div>

      <Section title="Profile">
        {me.data ? (
          <form
            className="space-y-3"
            noValidate
            onSubmit={(e: FormEvent<HTMLFormElement>) => {
              e.preventDefault();
              updateProfile.mutate({ name: formText(e.currentTarget, "name") });
            }}
          >
            <p className="text-sm">
              Email: <strong>{me.data.email}</strong> {me.data.emailVerified ? "(confirmed)" : "(not confirmed)"}
            </p>
            <label className="block text-sm">
              <span className="mb-1 block font-medium">Name</span>
              <input name="name" defaultValue={me.data.name ?? ""} maxLength={100} className={inputClass} />
              <Inline
                message={
                  profileErrors.name ??
                  (updateProfile.error && !profileErrors.name ? describeError(updateProfile.error) : null)
                }
              />
            </label>
            <Button type="submit" disabled={updateProfile.isPending}>
              Save
            </Button>
          </form>
        ) : (
          <div className="h-24 animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
        )}
      </Section>

      <Section title="Password">
        <form
          className="space-y-3"
          noValidate
          onSubmit={(e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            changePassword.mutate(
              { currentPassword: formText(form, "currentPassword"), newPassword: formText(form, "newPassword") },
              { onSuccess: () => (e.target as HTMLFormElement).reset() },
            );
          }}
        >
          <label className="block text-sm">
            <span className="mb-1 block font-medium">Current password</span>
            <input
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              maxLength={128}
              className={inputClass}
            />
          </label>
          <label className="block text-sm">
            <span className="mb-1 block font-medium">New password</span>
            <input
              name="newPassword"
              type="password"
              autoComplete="new-password"
              minLength={8}
              maxLength={128}
              className={inputClass}
            />
            <Inline message={passwordErrors.newPassword} />
          </label>
          <Inline
            message={changePassword.error && !passwordErrors.newPassword ? describeError(changePassword.error) : null}
          />
          <Button type="submit" disabled={changePassword.isPending}>
            Change password
          </Button>
        </form>
      </Section>

      <Section title="Sessions">
        <ul className="mb-4 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {sessions.data?.map((s) => (
            <li key={s.id} className="flex items-center gap-3 py-2">
              <span className="min-w-0 flex-1 truncate">
                {s.userAgent ?? "Unknown device"} {s.ip ? `· ${s.ip}` : ""}
                <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                  Signed in {formatDate(s.createdAt)}, last active {formatDate(s.lastSeenAt)}
                </span>
              </span>
              {s.current ? (
                <span className="text-xs font-medium">This browser</span>
              ) : (
                <Button onClick={() => revokeSession.mutate({ id: s.id })}>Sign out</Button>
              )}
            </li>
          ))}
        </ul>
        <div className="flex gap-2">
          <Button onClick={() => everywhere.mutate()} disabled={everywhere.isPending}>
            Sign out everywhere else
          </Button>
          <Button variant="ghost" onClick={() => void signOut({ callbackUrl: "/sign-in" })}>
            Sign out here
          </Button>
        </div>
      </Section>

      <Section title="API tokens">
        <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          Programs use a token with the typed client: <code>Authorization: Bearer tmk_…</code>. A token is shown once.
        </p>
        {newSecret ? (
          <div
            role="status"
            className="mb-4 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950"
          >
            <p className="mb-1 font-medium">Copy your new token now; it will not be shown again.</p>
            <code className="block break-all" data-testid="new-token">
              {newSecret}
            </code>
          </div>
        ) : null}
        <form
          className="mb-4 flex flex-wrap items-end gap-2"
          noValidate
          onSubmit={(e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            const days = formText(form, "expires") || "90";
            createToken.mutate({
              name: formText(form, "tokenName"),
              expiresInDays: days === "never" ? null : Number(days),
            });
          }}
        >
          <label className="min-w-48 flex-1 text-sm">
            <span className="mb-1 block font-medium">Token name</span>
            <input name="tokenName" maxLength={60} className={inputClass} placeholder="CI, laptop script…" />
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium">Expires</span>
            <select name="expires" defaultValue="90" className={inputClass}>
              <option value="30">in 30 days</option>
              <option value="90">in 90 days</option>
              <option value="365">in a year</option>
              <option value="never">never</option>
            </select>
          </label>
          <Button type="submit" variant="primary" disabled={createToken.isPending}>
            Create token
          </Button>
          <div className="w-full">
            <Inline
              message={
                tokenErrors.name ?? (createToken.error && !tokenErrors.name ? describeError(createToken.error) : null)
              }
            />
          </div>
        </form>
        {tokens.data?.length ? (
          <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
            {tokens.data.map((t) => (
              <li key={t.id} className="flex items-center gap-3 py-2">
                <span className="flex-1">
                  <span className="font-medium">{t.name}</span> <code className="text-xs">{t.prefix}…</code>
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                    Created {formatDate(t.createdAt)} · last used {t.lastUsedAt ? formatDate(t.lastUsedAt) : "never"} ·{" "}
                    {t.expiresAt ? `expires ${formatDate(t.expiresAt)}` : "never expires"}
                  </span>
                </span>
                <Button onClick={() => revokeToken.mutate({ id: t.id })}>Revoke</Button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No tokens yet.</p>
        )}
      </Section>
    </main>
  );
}
