"use client";

import { useState, type FormEvent } from "react";
import { Button, inputClass } from "~/components/ui/button";
import { FieldError } from "~/components/ui/field-error";
import { OptionSelect } from "~/components/ui/pickers";
import { SettingsSection } from "~/components/ui/settings-section";
import { describeError } from "~/lib/errors";
import { formText } from "~/lib/form";
import { formatDate } from "~/lib/task-meta";
import { toastError } from "~/components/ui/form-error";
import { api } from "~/trpc/react";
import { fieldErrors } from "../field-errors";

const EXPIRY_OPTIONS = [
  { value: "30", label: "in 30 days" },
  { value: "90", label: "in 90 days" },
  { value: "365", label: "in a year" },
  { value: "never", label: "never" },
];

function NewTokenForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const utils = api.useUtils();
  const create = api.account.createToken.useMutation({
    onSuccess: async (r) => {
      onCreated(r.secret);
      await utils.account.tokens.invalidate();
    },
  });
  const errors = fieldErrors(create.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const days = formText(form, "expires") || "90";
    create.mutate({ name: formText(form, "tokenName"), expiresInDays: days === "never" ? null : Number(days) });
  };
  return (
    <form className="mb-4 flex flex-wrap items-end gap-2" noValidate onSubmit={submit}>
      <label className="min-w-48 flex-1 text-sm">
        <span className="mb-1 block font-medium">Token name</span>
        <input name="tokenName" maxLength={60} className={inputClass} placeholder="CI, laptop script…" />
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium">Expires</span>
        <OptionSelect name="expires" defaultValue="90" className={inputClass} options={EXPIRY_OPTIONS} />
      </label>
      <Button type="submit" variant="primary" disabled={create.isPending}>
        Create token
      </Button>
      <div className="w-full">
        <FieldError
          spaced
          message={errors.name ?? (create.error && !errors.name ? describeError(create.error) : null)}
        />
      </div>
    </form>
  );
}

export function TokensSection() {
  const utils = api.useUtils();
  const tokens = api.account.tokens.useQuery();
  const [newSecret, setNewSecret] = useState<string | null>(null);
  const revoke = api.account.revokeToken.useMutation({
    onSuccess: () => utils.account.tokens.invalidate(),
    onError: toastError,
  });
  return (
    <SettingsSection title="API tokens">
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
      <NewTokenForm onCreated={setNewSecret} />
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
              <Button onClick={() => revoke.mutate({ id: t.id })}>Revoke</Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No tokens yet.</p>
      )}
    </SettingsSection>
  );
}
