"use client";

import { useMemo } from "react";
import { toast } from "sonner";
import type { NotificationChannel, NotificationKind } from "~/generated/prisma/enums";
import { selectClass } from "~/components/ui/button";
import { toastError } from "~/components/ui/form-error";
import { SettingsSection } from "~/components/ui/settings-section";
import { api } from "~/trpc/react";
import { KIND_LABELS } from "./describe";

const KINDS = Object.keys(KIND_LABELS) as NotificationKind[];
const CHANNELS: { value: NotificationChannel; label: string }[] = [
  { value: "EMAIL", label: "Inbox and email" },
  { value: "INBOX", label: "Inbox only" },
  { value: "OFF", label: "Off" },
];

function timeZones(current: string | null): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = [];
  }
  const all = new Set(zones);
  all.add("UTC");
  if (current) all.add(current);
  return [...all].sort();
}

// Per kind of notification: in the inbox and by email, in the inbox only, or not at all; and the time
// zone that decides when "due today" is and when reminders go out.
export function NotificationPreferencesSection() {
  const utils = api.useUtils();
  const preferences = api.notification.preferences.useQuery();
  const save = api.notification.setPreferences.useMutation({
    onSuccess: (data) => {
      utils.notification.preferences.setData(undefined, data);
      toast.success("Notification settings saved");
    },
    onError: toastError,
  });
  const zones = useMemo(() => timeZones(preferences.data?.timeZone ?? null), [preferences.data?.timeZone]);
  return (
    <SettingsSection id="notifications" title="Notifications">
      {preferences.data ? (
        <div className="space-y-4 text-sm">
          <p className="text-zinc-600 dark:text-zinc-400">
            Email about several changes close together comes as one message.
          </p>
          <div className="space-y-2">
            {KINDS.map((kind) => (
              <label key={kind} className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">{KIND_LABELS[kind]}</span>
                <select
                  className={`${selectClass} w-full sm:w-48`}
                  value={preferences.data.channels[kind] ?? "EMAIL"}
                  disabled={save.isPending}
                  onChange={(e) => save.mutate({ channels: { [kind]: e.target.value as NotificationChannel } })}
                >
                  {CHANNELS.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          <label className="flex flex-wrap items-center justify-between gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
            <span>
              <span className="block font-medium">Time zone</span>
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                For due-date reminders and what counts as today.
              </span>
            </span>
            <select
              className={`${selectClass} w-full sm:w-64`}
              value={preferences.data.timeZone ?? ""}
              disabled={save.isPending}
              onChange={(e) => save.mutate({ timeZone: e.target.value || null })}
            >
              {preferences.data.timeZone ? null : <option value="">Not set</option>}
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replaceAll("_", " ")}
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : (
        <div className="h-40 animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
      )}
    </SettingsSection>
  );
}
