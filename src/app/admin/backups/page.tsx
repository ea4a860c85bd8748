import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BackupsAdmin } from "~/components/admin/backups-admin";
import { isInstanceAdmin } from "~/server/admin/instance-admins";
import { db } from "~/server/db";
import { getViewer } from "~/trpc/server";

export const metadata: Metadata = { title: "Backups" };

// Only instance administrators (ADMIN_EMAILS, verified) see this page; for everyone else, signed in
// or not, it does not exist.
export default async function BackupsPage() {
  const viewer = await getViewer();
  if (!viewer || !(await isInstanceAdmin(db, viewer.id))) notFound();
  return <BackupsAdmin />;
}
