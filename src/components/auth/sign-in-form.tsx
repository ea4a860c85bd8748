"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { formText } from "~/lib/form";
import { safeCallbackUrl } from "~/lib/safe-url";
import { api } from "~/trpc/react";
import { AuthCard, EmailField, Field, FormMessage, submitClass } from "./auth-card";

const MESSAGES: Record<string, string> = {
  invalid: "That email and password do not match an account.",
  unverified: "Confirm your email first: open the link we sent you, or ask for a new one below.",
  AccessDenied: "That provider did not confirm an email address for you, so we could not sign you in.",
  rate_limited: "Too many sign-in attempts. Wait a minute and try again.",
};

// Own keys only: a query string of "?error=constructor" must not reach Object.prototype.
const messageFor = (key: string | null | undefined) => (key && Object.hasOwn(MESSAGES, key) ? MESSAGES[key]! : null);

export function SignInForm({ oauth }: { oauth: { id: string; name: string }[] }) {
  const router = useRouter();
  const params = useSearchParams();
  // Only a place on this site, judged as the browser will resolve it; read when it is followed,
  // where the page's origin is known.
  const callbackUrl = () => safeCallbackUrl(params.get("callbackUrl"), window.location.origin);
  const [error, setError] = useState<string | null>(
    messageFor(params.get("code") ?? params.get("error")) ??
      (params.get("error") ? "Signing in did not work. Try again." : null),
  );
  const [pending, setPending] = useState(false);
  const [unverifiedEmail, setUnverifiedEmail] = useState<string | null>(null);
  const resend = api.auth.resendVerification.useMutation();

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = formText(form, "email").trim();
    const password = formText(form, "password");
    if (!email || !password) {
      setError("Enter your email and password.");
      return;
    }
    setPending(true);
    setError(null);
    resend.reset();
    const result = await signIn("credentials", { email, password, redirect: false });
    setPending(false);
    if (!result || result.error) {
      setError(messageFor(result?.code) ?? MESSAGES.invalid!);
      setUnverifiedEmail(result?.code === "unverified" ? email : null);
      return;
    }
    router.push(callbackUrl());
    router.refresh();
  };

  return (
    <AuthCard
      title="Sign in"
      footer={
        <>
          New here?{" "}
          <Link href="/sign-up" className="underline">
            Create an account
          </Link>
        </>
      }
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        {params.get("verified") ? (
          <FormMessage kind="success">Your email is confirmed. Sign in to continue.</FormMessage>
        ) : null}
        {params.get("reset") ? (
          <FormMessage kind="success">Your password is changed. Sign in with the new one.</FormMessage>
        ) : null}
        {error ? <FormMessage kind="error">{error}</FormMessage> : null}
        {unverifiedEmail ? (
          resend.isSuccess ? (
            <FormMessage kind="success">We sent a new link to {unverifiedEmail}.</FormMessage>
          ) : (
            <button
              type="button"
              className="mb-4 text-sm underline"
              disabled={resend.isPending}
              onClick={() => resend.mutate({ email: unverifiedEmail })}
            >
              Send the confirmation link again
            </button>
          )
        ) : null}
        <EmailField />
        <Field
          id="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={128}
        />
        <button type="submit" className={submitClass} disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p className="mt-4 text-center text-sm">
        <Link href="/forgot-password" className="underline">
          Forgot your password?
        </Link>
      </p>
      {oauth.length > 0 ? (
        <div className="mt-4 space-y-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          {oauth.map((p) => (
            <button
              key={p.id}
              type="button"
              onClick={() => void signIn(p.id, { callbackUrl: callbackUrl() })}
              className="w-full rounded-md border border-zinc-300 px-4 py-2 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
            >
              Continue with {p.name}
            </button>
          ))}
        </div>
      ) : null}
    </AuthCard>
  );
}
