import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard, FormMessage, submitClass } from "~/components/auth/auth-card";
import { db } from "~/server/db";
import { KIND_NAMES, UNSUBSCRIBE_PATH, unsubscribeTokenState } from "~/server/notifications/unsubscribe";

export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false } };
export const dynamic = "force-dynamic";

// Where the unsubscribe link in a notification email leads. Opening it changes nothing (mail scanners
// open links too); the button posts the one-click unsubscribe. Works signed out.
export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[]; result?: string | string[] }>;
}) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const result = typeof params.result === "string" ? params.result : null;
  const tokenState = await unsubscribeTokenState(db, token);
  const footer = (
    <Link href="/account#notifications" className="underline">
      Notification settings
    </Link>
  );

  if (tokenState.state === "unknown") {
    return (
      <AuthCard title="Unsubscribe" footer={footer}>
        <FormMessage kind="error">
          This unsubscribe link is not valid. Open it again from the email, or choose what you get in your notification
          settings.
        </FormMessage>
      </AuthCard>
    );
  }
  const what = KIND_NAMES[tokenState.kind];
  if (tokenState.state === "used") {
    return (
      <AuthCard title="Unsubscribe" footer={footer}>
        {result === "done" ? (
          <FormMessage kind="success">
            Done: you will no longer get email about {what}. They still appear in your inbox.
          </FormMessage>
        ) : (
          <FormMessage kind="error">
            This link has already been used: email about {what} is off. To turn it back on, use your notification
            settings.
          </FormMessage>
        )}
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Unsubscribe" footer={footer}>
      <p className="mb-4 text-sm">
        Stop email about <strong>{what}</strong>? You will still see them in your Taskmanager inbox, and other
        notification emails are not affected.
      </p>
      <form method="post" action={`${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token)}`}>
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <input type="hidden" name="from" value="page" />
        <button type="submit" className={submitClass}>
          Unsubscribe from these emails
        </button>
      </form>
    </AuthCard>
  );
}
