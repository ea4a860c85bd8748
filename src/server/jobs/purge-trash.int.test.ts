import { describe, expect, it } from "vitest";

process.env.CRON_SECRET = "cron-secret-for-tests-0123456789";
const { GET } = await import("~/app/api/cron/purge-trash/route");
const { db } = await import("~/server/db");
const { callerFor, makeTeam } = await import("../../../tests/fixtures");

const call = (authorization?: string) =>
  GET(new Request("http://localhost/api/cron/purge-trash", { headers: authorization ? { authorization } : {} }));

describe("/api/cron/purge-trash", () => {
  it("answers 401 without the secret, with a wrong one, and with the secret in the query string", async () => {
    expect((await call()).status).toBe(401);
    expect((await call("Bearer wrong-secret-wrong-secret-00")).status).toBe(401);
    expect((await call("cron-secret-for-tests-0123456789")).status).toBe(401);
    const viaQuery = await GET(
      new Request("http://localhost/api/cron/purge-trash?secret=cron-secret-for-tests-0123456789"),
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
});
