"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { describeError } from "~/lib/errors";
import { api } from "~/trpc/react";
import { AuthCard, EmailField, Field, FormMessage, NewPasswordField, submitClass } from "./auth-card";
import { fieldErrors } from "./field-errors";
import { formText } from "~/lib/form";

// Said before anyone fills the form in: without email delivery the confirmation link never comes.
function MailOffNotice() {
  return (
    <p
      role="status"
      className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
    >
      Email delivery is not configured on this server, so the confirmation email will not arrive and a new account
      cannot be confirmed. Ask whoever runs it to set up email (SMTP).
    </p>
  );
}

export function SignUpForm({ mailOff }: { mailOff: boolean }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const signUp = api.auth.signUp.useMutation();
  const errors = fieldErrors(signUp.error);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = formText(form, "email");
    signUp.mutate(
      { name: formText(form, "name"), email, password: formText(form, "password") },
      { onSuccess: () => setSentTo(email) },
    );
  };

  if (sentTo) {
    return (
      <AuthCard
        title={mailOff ? "Account created" : "Check your email"}
        footer={
          <Link href="/sign-in" className="underline">
            Go to sign in
          </Link>
        }
      >
        {mailOff ? (
          <MailOffNotice />
        ) : (
          <FormMessage kind="success">
            We sent a link to {sentTo}. Open it to confirm your address, then sign in.
          </FormMessage>
        )}
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Create your account"
      footer={
        <>
          Already have an account?{" "}
          <Link href="/sign-in" className="underline">
            Sign in
          </Link>
        </>
      }
    >
      {mailOff ? <MailOffNotice /> : null}
      <form onSubmit={submit} noValidate>
        {signUp.error && Object.keys(errors).length === 0 ? (
          <FormMessage kind="error">{describeError(signUp.error)}</FormMessage>
        ) : null}
        <Field id="name" label="Name" autoComplete="name" required maxLength={100} error={errors.name} />
        <EmailField error={errors.email} />
        <NewPasswordField error={errors.password} />
        <button type="submit" className={submitClass} disabled={signUp.isPending}>
          {signUp.isPending ? "Creating account…" : "Create account"}
        </button>
      </form>
    </AuthCard>
  );
}
