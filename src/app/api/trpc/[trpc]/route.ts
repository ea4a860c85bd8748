import { after } from "next/server";
import { setResponseScheduler } from "~/server/after-response";
import { handleTrpcRoute, preflight } from "~/server/http/http";

// Live streams (live.project) run up to LIVE_STREAM_SECONDS (280 s by default), then the client
// reconnects; every other call answers in well under a second.
export const maxDuration = 300;

// Emails and other work the answer must not wait for run after the response, kept alive on Vercel.
setResponseScheduler(after);

// The tRPC endpoint under `next dev` and on Vercel. The production server (src/server/http/server.ts)
// answers /api/trpc itself with the same handler, without Next's routing in between.
export const GET = handleTrpcRoute;
export const POST = handleTrpcRoute;
export const OPTIONS = preflight;
