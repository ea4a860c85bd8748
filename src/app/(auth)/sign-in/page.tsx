import type { Metadata } from "next";
import { Suspense } from "react";
import { oauthProviders } from "~/auth";
import { SignInForm } from "~/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <Suspense>
      <SignInForm oauth={oauthProviders} />
    </Suspense>
  );
}
