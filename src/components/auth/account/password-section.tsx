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

export function PasswordSection() {
  const utils = api.useUtils();
  const change = api.account.changePassword.useMutation({
    onSuccess: async () => {
      toast.success("Password changed; your other sessions were signed out");
      await utils.account.sessions.invalidate();
    },
  });
  const errors = fieldErrors(change.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    change.mutate(
      { currentPassword: formText(form, "currentPassword"), newPassword: formText(form, "newPassword") },
      { onSuccess: () => (e.target as HTMLFormElement).reset() },
    );
  };
  return (
    <SettingsSection title="Password">
      <form className="space-y-3" noValidate onSubmit={submit}>
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
          <FieldError spaced message={errors.newPassword} />
        </label>
        <FieldError spaced message={change.error && !errors.newPassword ? describeError(change.error) : null} />
        <Button type="submit" disabled={change.isPending}>
          Change password
        </Button>
      </form>
    </SettingsSection>
  );
}
