"use client";

import Link from "next/link";
import { NotificationPreferencesSection } from "~/components/notifications/preferences-section";
import { PasswordSection } from "./account/password-section";
import { ProfileSection } from "./account/profile-section";
import { SessionsSection } from "./account/sessions-section";
import { TokensSection } from "./account/tokens-section";

export function AccountSettings() {
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-8">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Account</h1>
        <Link href="/" className="text-sm underline">
          Back to your work
        </Link>
      </div>
      <ProfileSection />
      <NotificationPreferencesSection />
      <PasswordSection />
      <SessionsSection />
      <TokensSection />
    </main>
  );
}
