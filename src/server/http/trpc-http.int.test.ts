import { describe, expect, it } from "vitest";
import { GET, POST } from "~/app/api/trpc/[trpc]/route";
import { createApiToken } from "~/server/auth/api-tokens";
import { db } from "~/server/db";
import { callerFor, makeTeam } from "../../../tests/fixtures";

const BASE = "http://localhost/api/trpc";

function input(value: unknown) {
  return encodeURIComponent(JSON.stringify({ json: value }));
}

describe("/api/trpc", () => {
  it("answers a typed query over HTTP, with a request id", async () => {
    const res = await GET(
      new Request(`${BASE}/health.ping?input=${input({ echo: "hi" })}`, { headers: { "x-request-id": "req-123" } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("req-123");
    const body = (await res.json()) as { result: { data: { json: { status: string; echo: string } } } };
    expect(body.result.data.json.status).toBe("ok");
    expect(body.result.data.json.echo).toBe("hi");
  });

  it("makes up a request id when the caller sends none or a malformed one", async () => {
    const res = await GET(new Request(`${BASE}/health.ping`, { headers: { "x-request-id": "bad id\n" } }));
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers bad input with BAD_REQUEST and the zod issues", async () => {
    const res = await GET(new Request(`${BASE}/health.ping?input=${input({ echo: "x".repeat(65), extra: 1 })}`));
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { json: { message: string; data: { code: string; zodIssues: { path: string[]; message: string }[] } } };
    };
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    const paths = body.error.json.data.zodIssues.map((issue) => issue.path.join(".") || issue.message);
    expect(paths.join(" ")).toMatch(/echo|extra/);
    expect(JSON.stringify(body)).not.toMatch(/stack|node_modules/);
  });

  it("answers malformed JSON input with BAD_REQUEST, not a 500", async () => {
    const res = await GET(new Request(`${BASE}/health.ping?input=%7Bnot-json`));
    expect(res.status).toBe(400);
  });

  it("ends a live stream with a clear error event, never a stack: malformed input, or signed out", async () => {
    const cases = [
      ["?input=%7Bnot-json", "PARSE_ERROR"],
      [`?input=${input({ projectId: "p1" })}`, "UNAUTHORIZED"],
    ] as const;
    for (const [query, code] of cases) {
      const res = await GET(new Request(`${BASE}/live.project${query}`));
      expect(res.headers.get("content-type")).toBe("text/event-stream");
      const text = await res.text();
      expect(text).toMatch(/^retry: 1\d{3}\n\nevent: connected\n/);
      const error = /event: serialized-error\ndata: (.*)\n/.exec(text);
      const shape = JSON.parse(error![1]!) as { json: { message: string; data: { code: string } } };
      expect(shape.json.data.code).toBe(code);
      expect(text).not.toMatch(/stack|node_modules/);
    }
  });

  it("streams a project's changes through the App Router route (next dev, Vercel) with a token", async () => {
    const team = await makeTeam();
    const { secret } = await createApiToken(db, team.viewer.id, { name: "route", expiresAt: null });
    const controller = new AbortController();
    const res = await GET(
      new Request(`${BASE}/live.project?input=${input({ projectId: team.project.id })}`, {
        headers: { authorization: `Bearer ${secret}` },
        signal: controller.signal,
      }),
    );
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    try {
      while (!text.includes('"type":"ready"')) text += (await reader.read()).value ?? "";
      const task = await callerFor(team.owner).task.create({ projectId: team.project.id, title: "Streamed" });
      while (!text.includes(task.id)) text += (await reader.read()).value ?? "";
      expect(text).toMatch(new RegExp(`"kind":"task.created","taskId":"${task.id}"`));
    } finally {
      controller.abort();
    }
  });

  it("404s an unknown procedure", async () => {
    const res = await GET(new Request(`${BASE}/nope.nothing`));
    expect(res.status).toBe(404);
  });

  it("refuses a query sent as a mutation", async () => {
    const res = await POST(
      new Request(`${BASE}/health.ping`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: {} }),
      }),
    );
    expect(res.status).toBe(405);
  });
});
