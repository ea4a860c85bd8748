"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { describeError } from "~/lib/errors";
import { api } from "~/trpc/react";
import { AuthCard, EmailField, FormMessage, NewPasswordField, submitClass } from "./auth-card";
import { fieldErrors } from "./field-errors";
import { formText } from "~/lib/form";

export function ForgotPasswordForm() {
  const [sent, setSent] = useState(false);
  const request = api.auth.requestPasswordReset.useMutation({ onSuccess: () => setSent(true) });
  const errors = fieldErrors(request.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    request.mutate({ email: formText(e.currentTarget, "email") });
  };
  return (
    <AuthCard
      title="Reset your password"
      footer={
        <Link href="/sign-in" className="underline">
          Back to sign in
        </Link>
      }
    >
      {sent ? (
        <FormMessage kind="success">
          If an account uses that address, we sent it a link to choose a new password. It expires in one hour.
        </FormMessage>
      ) : (
        <form onSubmit={submit} noValidate>
          {request.error && !errors.email ? (
            <FormMessage kind="error">{describeError(request.error)}</FormMessage>
          ) : null}
          <EmailField error={errors.email} />
          <button type="submit" className={submitClass} disabled={request.isPending}>
            Send reset link
          </button>
        </form>
      )}
    </AuthCard>
  );
}

export function ResetPasswordForm() {
  const router = useRouter();
  const token = useSearchParams().get("token") ?? "";
  const reset = api.auth.resetPassword.useMutation({ onSuccess: () => router.push("/sign-in?reset=1") });
  const errors = fieldErrors(reset.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    reset.mutate({ token, password: formText(e.currentTarget, "password") });
  };
  return (
    <AuthCard title="Choose a new password">
      <form onSubmit={submit} noValidate>
        {reset.error && !errors.password ? (
          <FormMessage kind="error">
            {errors.token ?? describeError(reset.error)}{" "}
            <Link href="/forgot-password" className="underline">
              Ask for a new link
            </Link>
          </FormMessage>
        ) : null}
        <NewPasswordField label="New password" error={errors.password} />
        <button type="submit" className={submitClass} disabled={reset.isPending}>
          Change password
        </button>
      </form>
    </AuthCard>
  );
}

export function VerifyEmail() {
  const router = useRouter();
  const token = useSearchParams().get("token") ?? "";
  const verify = api.auth.verifyEmail.useMutation({ onSuccess: () => router.push("/sign-in?verified=1") });
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    verify.mutate({ token });
  }, [token, verify]);
  return (
    <AuthCard
      title="Confirming your email"
      footer={
        <Link href="/sign-in" className="underline">
          Go to sign in
        </Link>
      }
    >
      {verify.error ? (
        <FormMessage kind="error">{fieldErrors(verify.error).token ?? describeError(verify.error)}</FormMessage>
      ) : (
        <p role="status" className="text-sm">
          One moment…
        </p>
      )}
    </AuthCard>
  );
}
