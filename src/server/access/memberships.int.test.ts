import { beforeAll, describe, expect, it } from "vitest";
import { authorize } from "~/server/access/access";
import { MAX_PRELOADED_MEMBERSHIPS, membershipsFrom } from "~/server/access/memberships";
import { createApiToken } from "~/server/auth/api-tokens";
import { resolveSession } from "~/server/auth/session";
import { db } from "~/server/db";
import { callerFor, codeOf, makeTeam, makeUser, tokenCallerFor, unique, type Team } from "../../../tests/fixtures";

describe("memberships read with the credential", () => {
  let team: Team;
  beforeAll(async () => {
    team = await makeTeam();
  });

  it("carry the caller's role in each of their workspaces, and nothing for others", async () => {
    const { secret } = await createApiToken(db, team.member.id, { name: "roles", expiresAt: null });
    const { session } = await resolveSession(db, new Headers({ authorization: `Bearer ${secret}` }), {
      allowCookie: false,
    });
    expect(session?.memberships?.get(team.workspace.id)).toBe("MEMBER");
    const elsewhere = await callerFor(team.outsider).workspace.create({ name: "Elsewhere" });
    expect(session?.memberships?.has(elsewhere.id)).toBe(false);
  });

  it("are read afresh on every call, so a role change or removal counts from the next call on", async () => {
    const user = await makeUser();
    await db.membership.create({ data: { workspaceId: team.workspace.id, userId: user.id, role: "MEMBER" } });
    const create = async () =>
      codeOf((await tokenCallerFor(user)).task.create({ projectId: team.project.id, title: "Mine" }));
    expect(await create()).toBe("OK");
    await callerFor(team.admin).workspace.changeRole({
      workspaceId: team.workspace.id,
      userId: user.id,
      role: "VIEWER",
    });
    expect(await create()).toBe("FORBIDDEN");
    await callerFor(team.admin).workspace.removeMember({ workspaceId: team.workspace.id, userId: user.id });
    expect(await create()).toBe("NOT_FOUND");
  });

  it("are not carried past the limit; each role is then looked up, with the same answers", async () => {
    const user = await makeUser();
    const ids = Array.from({ length: MAX_PRELOADED_MEMBERSHIPS + 1 }, () => unique("ws"));
    await db.workspace.createMany({ data: ids.map((id) => ({ id, name: "Many", slug: id.toLowerCase() })) });
    await db.membership.createMany({
      data: ids.map((workspaceId) => ({ workspaceId, userId: user.id, role: "VIEWER" })),
    });
    const { secret } = await createApiToken(db, user.id, { name: "many", expiresAt: null });
    const { session } = await resolveSession(db, new Headers({ authorization: `Bearer ${secret}` }), {
      allowCookie: false,
    });
    expect(session?.user.id).toBe(user.id);
    expect(session?.memberships).toBeNull();
    const actor = session!;
    expect((await authorize(db, actor, ids[MAX_PRELOADED_MEMBERSHIPS], "workspace.read")).role).toBe("VIEWER");
    expect(await codeOf(authorize(db, actor, ids[0], "task.write"))).toBe("FORBIDDEN");
    expect(await codeOf(authorize(db, actor, team.workspace.id, "workspace.read"))).toBe("NOT_FOUND");
  });

  it("are an empty map, not a missing one, for someone in no workspace", () => {
    expect(membershipsFrom(null)).toEqual(new Map());
    expect(membershipsFrom([["w1", "ADMIN"]])?.get("w1")).toBe("ADMIN");
  });
});
