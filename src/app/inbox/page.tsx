import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Inbox } from "~/components/notifications/inbox";
import { getViewer } from "~/trpc/server";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage() {
  if (!(await getViewer())) redirect("/sign-in?callbackUrl=/inbox");
  return <Inbox />;
}
