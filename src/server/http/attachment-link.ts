import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { createCaller } from "~/server/api/root";
import { localFileStorage } from "~/server/attachments/config";
import { contextFor } from "./http";

// GET /api/attachments/<id>: the link the web app shows and puts in Markdown. Each use checks that the
// caller (session cookie or API token) is a member of the file's workspace, then redirects to a
// signed URL valid for a minute (the local folder's files are answered directly): inline for raster
// images, a download for everything else, and a download for any file with ?download=1.
export async function serveAttachmentLink(req: Request, attachmentId: string): Promise<Response> {
  const resHeaders = new Headers();
  const ctx = await contextFor(req, resHeaders);
  const download = new URL(req.url).searchParams.get("download") === "1";
  const headers = new Headers(resHeaders);
  headers.set("Cache-Control", "private, no-store");
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "no-referrer");
  if (ctx.requestId) headers.set("x-request-id", ctx.requestId);
  try {
    const { url } = await createCaller(ctx).attachment.downloadUrl({
      attachmentId,
      disposition: download ? "attachment" : "inline",
    });
    // Files in the local folder are answered here, same origin, without a redirect.
    const local = url.startsWith("/") ? localFileStorage() : null;
    if (local) {
      const file = await local.handleDownload(new Request(new URL(url, req.url), { method: req.method }));
      for (const [name, value] of headers) if (!file.headers.has(name)) file.headers.set(name, value);
      return file;
    }
    headers.set("Location", url);
    return new Response(null, { status: 302, headers });
  } catch (error) {
    const trpcError =
      error instanceof TRPCError ? error : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error });
    const status = getHTTPStatusCodeFromError(trpcError);
    const message = status >= 500 ? "Something went wrong." : trpcError.message;
    headers.set("Content-Type", "application/json");
    return new Response(JSON.stringify({ error: { message, code: trpcError.code } }), { status, headers });
  }
}
