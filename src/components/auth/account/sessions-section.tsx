"use client";

import { signOut } from "next-auth/react";
import { toast } from "sonner";
import { Button } from "~/components/ui/button";
import { SettingsSection } from "~/components/ui/settings-section";
import { formatDate } from "~/lib/task-meta";
import { toastError } from "~/components/ui/form-error";
import { api } from "~/trpc/react";

export function SessionsSection() {
  const utils = api.useUtils();
  const sessions = api.account.sessions.useQuery();
  const everywhere = api.account.signOutEverywhere.useMutation({
    onSuccess: async (r) => {
      toast.success(`Signed out ${r.revoked} other session${r.revoked === 1 ? "" : "s"}`);
      await utils.account.sessions.invalidate();
    },
    onError: toastError,
  });
  const revoke = api.account.revokeSession.useMutation({
    onSuccess: () => utils.account.sessions.invalidate(),
    onError: toastError,
  });
  return (
    <SettingsSection title="Sessions">
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
              <Button onClick={() => revoke.mutate({ id: s.id })}>Sign out</Button>
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
    </SettingsSection>
  );
}
