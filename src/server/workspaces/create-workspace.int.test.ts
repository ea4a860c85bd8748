import { describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { callerFor, makeUser, unique } from "../../../tests/fixtures";

const SUFFIXED = (base: string) => new RegExp(`^${base}-[a-z0-9]{6}$`);

describe("workspace.create", () => {
  it("answers the same way whether or not another tenant holds the address asked for", async () => {
    const [first, second] = await Promise.all([makeUser(), makeUser()]);
    const slug = unique("acme").toLowerCase();
    const mine = await callerFor(first).workspace.create({ name: "Acme", slug });
    // Another tenant asks for the same address: a workspace like any other, not a "taken" error.
    const theirs = await callerFor(second).workspace.create({ name: "Acme", slug });
    const fresh = await callerFor(second).workspace.create({ name: "Fresh", slug: unique("fresh").toLowerCase() });
    expect(mine.slug).toMatch(SUFFIXED(slug));
    expect(theirs.slug).toMatch(SUFFIXED(slug));
    expect(theirs.slug).not.toBe(mine.slug);
    expect(fresh.slug).toMatch(/^fresh[a-z0-9]+-[a-z0-9]{6}$/);
    expect(theirs.role).toBe("OWNER");
    expect(await db.workspace.count({ where: { slug } })).toBe(0);
  });

  it("derives the address from the name when none is asked for, always with the suffix", async () => {
    const user = await makeUser();
    const caller = callerFor(user);
    const a = await caller.workspace.create({ name: "Marketing Team" });
    const b = await caller.workspace.create({ name: "Marketing Team" });
    expect(a.slug).toMatch(SUFFIXED("marketing-team"));
    expect(b.slug).toMatch(SUFFIXED("marketing-team"));
    expect(a.slug).not.toBe(b.slug);
    expect((await caller.workspace.create({ name: "!" })).slug).toMatch(SUFFIXED("workspace"));
    const long = await caller.workspace.create({ name: `${"x".repeat(39)} y z` });
    expect(long.slug).toMatch(SUFFIXED("x{39}"));
  });
});
