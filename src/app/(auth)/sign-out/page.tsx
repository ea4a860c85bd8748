import type { Metadata } from "next";
import { AuthCard } from "~/components/auth/auth-card";
import { SignOutButton } from "~/components/auth/sign-out-button";

export const metadata: Metadata = { title: "Sign out" };

export default function SignOutPage() {
  return (
    <AuthCard title="Sign out of Taskmanager?">
      <SignOutButton />
    </AuthCard>
  );
}
