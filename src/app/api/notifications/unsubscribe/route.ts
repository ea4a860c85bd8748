import { db } from "~/server/db";
import { KIND_NAMES, unsubscribe } from "~/server/notifications/unsubscribe";

export const dynamic = "force-dynamic";

// The List-Unsubscribe link of every notification email. No cookie is needed: the token is the proof.
//
// POST is the one-click unsubscribe (RFC 8058): mail clients send `List-Unsubscribe=One-Click` to this
// URL; the button on /unsubscribe sends the same, plus `from=page` to be sent back to that page.
// GET changes nothing (mail scanners prefetch links): it shows the page with that button.

const tokenOf = (url: URL, form: FormData | null) => {
  const fromForm = form?.get("token");
  return url.searchParams.get("token") ?? (typeof fromForm === "string" ? fromForm : "");
};

export function GET(req: Request) {
  const token = new URL(req.url).searchParams.get("token") ?? "";
  return new Response(null, {
    status: 303,
    headers: { location: `/unsubscribe?token=${encodeURIComponent(token)}`, "cache-control": "no-store" },
  });
}

export async function POST(req: Request) {
  const url = new URL(req.url);
  const type = req.headers.get("content-type") ?? "";
  const form =
    type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")
      ? await req.formData().catch(() => null)
      : null;
  const token = tokenOf(url, form);
  const result = await unsubscribe(db, token);

  if (form?.get("from") === "page") {
    const outcome = result.ok ? "done" : result.reason;
    return new Response(null, {
      status: 303,
      headers: {
        location: `/unsubscribe?token=${encodeURIComponent(token)}&result=${outcome}`,
        "cache-control": "no-store",
      },
    });
  }
  if (result.ok) {
    return Response.json({
      unsubscribed: result.kind,
      message: `You will no longer get email about ${KIND_NAMES[result.kind]}; they stay in your inbox.`,
    });
  }
  if (result.reason === "used") {
    return Response.json(
      { error: "This unsubscribe link has already been used. Change your notification settings on your account page." },
      { status: 410 },
    );
  }
  return Response.json({ error: "This unsubscribe link is not valid." }, { status: 404 });
}
