import { describe, expect, it } from "vitest";

process.env.CRON_SECRET = "cron-secret-for-tests-0123456789";
const { GET } = await import("~/app/api/cron/nightly-cleanup/route");
const { db } = await import("~/server/db");
const { callerFor, makeTeam, makeUser } = await import("../../../tests/fixtures");

const call = (authorization?: string) =>
  GET(new Request("http://localhost/api/cron/nightly-cleanup", { headers: authorization ? { authorization } : {} }));

describe("/api/cron/nightly-cleanup", () => {
  it("answers 401 without the secret, with a wrong one, and with the secret in the query string", async () => {
    expect((await call()).status).toBe(401);
    expect((await call("Bearer wrong-secret-wrong-secret-00")).status).toBe(401);
    expect((await call("cron-secret-for-tests-0123456789")).status).toBe(401);
    const viaQuery = await GET(
      new Request("http://localhost/api/cron/nightly-cleanup?secret=cron-secret-for-tests-0123456789"),
    );
    expect(viaQuery.status).toBe(401);
  });

  it("purges only tasks in the trash for more than 30 days", async () => {
    const team = await makeTeam();
    const owner = callerFor(team.owner);
    const [old, recent, live] = await Promise.all(
      ["Old", "Recent", "Live"].map((title) => owner.task.create({ projectId: team.project.id, title })),
    );
    await owner.task.delete({ id: old!.id });
    await owner.task.delete({ id: recent!.id });
    await db.task.update({ where: { id: old!.id }, data: { deletedAt: new Date(Date.now() - 31 * 86_400_000) } });
    const res = await call("Bearer cron-secret-for-tests-0123456789");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { purged: number }).purged).toBe(1);
    const left = await db.task.findMany({
      where: { id: { in: [old!.id, recent!.id, live!.id] } },
      select: { id: true },
    });
    expect(left.map((t) => t.id).sort()).toEqual([recent!.id, live!.id].sort());
  });

  it("deletes expired sessions and email links, and keeps live ones", async () => {
    const user = await makeUser("Cleanup");
    const hour = 3_600_000;
    const [, liveSession] = await Promise.all(
      [-hour, hour].map((offset) =>
        db.session.create({ data: { userId: user.id, expires: new Date(Date.now() + offset) } }),
      ),
    );
    const [, liveLink] = await Promise.all(
      [-hour, hour].map((offset, i) =>
        db.authToken.create({
          data: {
            userId: user.id,
            purpose: "VERIFY_EMAIL",
            tokenHash: `cleanup-${user.id}-${i}`,
            expires: new Date(Date.now() + offset),
          },
        }),
      ),
    );
    const res = await call("Bearer cron-secret-for-tests-0123456789");
    expect(res.status).toBe(200);
    const summary = (await res.json()) as { expiredSessions: number; expiredAuthTokens: number };
    expect(summary.expiredSessions).toBeGreaterThanOrEqual(1);
    expect(summary.expiredAuthTokens).toBeGreaterThanOrEqual(1);
    const sessions = await db.session.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(sessions.map((s) => s.id)).toEqual([liveSession!.id]);
    const links = await db.authToken.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(links.map((l) => l.id)).toEqual([liveLink!.id]);
  });
});
