import { TRPCError } from "@trpc/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getServerApi } from "~/trpc/server";

async function loadStatus() {
  try {
    const api = await getServerApi();
    return { ok: true as const, ping: await api.health.ping({ echo: "home" }) };
  } catch {
    return { ok: false as const };
  }
}

// Signed in: straight to the first workspace (or to creating one). Signed out: the front page.
async function workspaceHome(): Promise<string | null> {
  try {
    const api = await getServerApi();
    const workspaces = await api.workspace.list();
    return workspaces[0] ? `/w/${workspaces[0].slug}` : "/workspaces/new";
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") return null;
    return null;
  }
}

export default async function HomePage() {
  const destination = await workspaceHome();
  if (destination) redirect(destination);
  const status = await loadStatus();
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-6 px-6 py-20">
      <h1 className="text-4xl font-semibold tracking-tight">Taskmanager</h1>
      <p className="text-lg text-zinc-600 dark:text-zinc-400">
        Plan your team&apos;s work as tasks on a list and on a board, drive it from programs through a typed API, and
        run it anywhere with backups you can trust.
      </p>
      <div className="flex gap-3">
        <Link
          href="/sign-up"
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Create an account
        </Link>
        <Link
          href="/sign-in"
          className="rounded-md border border-zinc-300 px-4 py-2 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
        >
          Sign in
        </Link>
      </div>
      <section
        aria-label="Service status"
        className="rounded-lg border border-zinc-200 p-4 text-sm dark:border-zinc-800"
      >
        {status.ok ? (
          <p data-testid="server-status">
            Server is up; the database answered in <strong>{status.ping.databaseMs} ms</strong> at{" "}
            <time dateTime={status.ping.time.toISOString()}>{status.ping.time.toISOString()}</time>.
          </p>
        ) : (
          <p data-testid="server-status" role="alert" className="text-rose-700 dark:text-rose-400">
            The database is unavailable. Try again shortly.
          </p>
        )}
      </section>
    </main>
  );
}
