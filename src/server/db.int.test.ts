import { afterAll, describe, expect, inject, it } from "vitest";
import { createApiToken, verifyApiToken } from "~/server/auth/api-tokens";
import { closeDb, createDb, type Db } from "~/server/db";
import { makeUser } from "../../tests/fixtures";

// One connection each, so the statements a read prepared can be listed on the same connection.
const opened: Db[] = [];
function open(url: string, options: { prepare?: boolean } = {}) {
  const made = createDb(url, { max: 1, ...options });
  opened.push(made);
  return made;
}
afterAll(() => Promise.all(opened.map(closeDb)));

const prepared = async (db: Db) =>
  (await db.$pool!.query<{ name: string }>("SELECT name FROM pg_prepared_statements")).rows.map((r) => r.name);

// The embedded server's connections share one session, so the suite runs it with DATABASE_PREPARE=false.
const embedded = inject("testDb").mode === "embedded";

describe("named reads", () => {
  it.skipIf(embedded)("are prepared once per connection, and answer as before", async () => {
    const user = await makeUser();
    const { secret } = await createApiToken(open(process.env.DATABASE_URL!), user.id, { name: "p", expiresAt: null });
    const db = open(process.env.DATABASE_URL!);
    expect((await verifyApiToken(db, secret))?.user.id).toBe(user.id);
    expect((await verifyApiToken(db, secret))?.user.id).toBe(user.id);
    // Another last character: one that differs from the secret's own.
    const wrong = `${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`;
    expect(await verifyApiToken(db, wrong)).toBeNull();
    expect(await prepared(db)).toEqual(["tm_verify_api_token"]);
  });

  it("are sent unprepared behind a pooler marked pgbouncer=true, or with DATABASE_PREPARE=false", async () => {
    const user = await makeUser();
    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set("pgbouncer", "true");
    const db = open(url.toString());
    const { secret } = await createApiToken(db, user.id, { name: "p", expiresAt: null });
    expect((await verifyApiToken(db, secret))?.user.id).toBe(user.id);
    expect(await prepared(db)).toEqual([]);
    const unprepared = open(process.env.DATABASE_URL!, { prepare: false });
    expect((await verifyApiToken(unprepared, secret))?.user.id).toBe(user.id);
    expect(await prepared(unprepared)).toEqual([]);
  });
});
