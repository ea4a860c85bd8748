// Liveness for load balancers: cheap, touches no dependency.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(
    { status: "ok", timestamp: new Date().toISOString() },
    { headers: { "Cache-Control": "no-store" } },
  );
}
