import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AccountSettings } from "~/components/auth/account-settings";
import { getViewer } from "~/trpc/server";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  if (!(await getViewer())) redirect("/sign-in?callbackUrl=/account");
  return <AccountSettings />;
}
