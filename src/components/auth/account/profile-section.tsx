"use client";

import type { FormEvent } from "react";
import { toast } from "sonner";
import { Button, inputClass } from "~/components/ui/button";
import { FieldError } from "~/components/ui/field-error";
import { SettingsSection } from "~/components/ui/settings-section";
import { describeError } from "~/lib/errors";
import { formText } from "~/lib/form";
import { api } from "~/trpc/react";
import { fieldErrors } from "../field-errors";

export function ProfileSection() {
  const utils = api.useUtils();
  const me = api.account.me.useQuery();
  const update = api.account.updateProfile.useMutation({
    onSuccess: async () => {
      toast.success("Profile saved");
      await utils.account.me.invalidate();
    },
  });
  const errors = fieldErrors(update.error);
  return (
    <SettingsSection title="Profile">
      {me.data ? (
        <form
          className="space-y-3"
          noValidate
          onSubmit={(e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            update.mutate({ name: formText(e.currentTarget, "name") });
          }}
        >
          <p className="text-sm">
            Email: <strong>{me.data.email}</strong> {me.data.emailVerified ? "(confirmed)" : "(not confirmed)"}
          </p>
          <label className="block text-sm">
            <span className="mb-1 block font-medium">Name</span>
            <input name="name" defaultValue={me.data.name ?? ""} maxLength={100} className={inputClass} />
            <FieldError
              spaced
              message={errors.name ?? (update.error && !errors.name ? describeError(update.error) : null)}
            />
          </label>
          <Button type="submit" disabled={update.isPending}>
            Save
          </Button>
        </form>
      ) : (
        <div className="h-24 animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
      )}
    </SettingsSection>
  );
}
