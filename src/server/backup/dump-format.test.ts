import { describe, expect, it } from "vitest";
import { copyStatement, DumpReader, dumpHeader, RestoreRefused, TABLES, type DumpStep } from "./dump-format";

const COLUMNS = new Map<string, string[]>(TABLES.map((t) => [t, ["id", "name"]]));

// A dump as dumpDatabase writes it: two columns per table, one row in each.
const DUMP =
  dumpHeader("2026-01-31T02:00:00.000Z", "20261201090000_invitation_token") +
  TABLES.map((t) => `${copyStatement(t, COLUMNS.get(t)!)};\n${t}-1\tname with \\t and \\n\n\\.\n\n`).join("");

// Lines 1-3 are the header, 4 the setting, 5 empty, 6 the COPY of "users", 7 its row, 8 `\.`, 9 empty,
// 10 the COPY of "accounts".
const line = (n: number) => DUMP.split("\n")[n - 1]!;

function read(text: string | Buffer, chunk = Infinity, columns?: Map<string, string[]>): DumpStep[] {
  const bytes = Buffer.from(text);
  const reader = new DumpReader("taskmanager-x.sql.gz", columns);
  const steps: DumpStep[] = [];
  for (let i = 0; i < bytes.length; i += Math.min(chunk, bytes.length)) {
    steps.push(...reader.push(bytes.subarray(i, i + chunk)));
  }
  reader.end();
  return steps;
}

// What a replay would send: statements, and each table's rows as one text.
function replayed(steps: DumpStep[]): string[] {
  const out: string[] = [];
  for (const step of steps) {
    if (step.kind === "rows") out[out.length - 1] += step.data.toString();
    else if (step.kind === "end-copy") out.push(`end ${step.table}`);
    else out.push(step.sql, "");
  }
  return out;
}

function refusal(text: string | Buffer, columns?: Map<string, string[]>): string {
  try {
    read(text, Infinity, columns);
  } catch (error) {
    expect(error).toBeInstanceOf(RestoreRefused);
    return (error as Error).message;
  }
  throw new Error("the dump was accepted");
}

describe("DumpReader", () => {
  it("accepts a dump as dumpDatabase writes it, however it is split into chunks", () => {
    const whole = replayed(read(DUMP));
    expect(whole.slice(0, 5)).toEqual([
      "SET client_encoding = 'UTF8'",
      "",
      'COPY "users" ("id", "name") FROM stdin',
      "users-1\tname with \\t and \\n\n",
      "end users",
    ]);
    expect(whole.filter((s) => s.startsWith("COPY "))).toHaveLength(TABLES.length);
    for (const size of [1, 2, 7, 100, 4096]) expect(replayed(read(DUMP, size)), `chunks of ${size}`).toEqual(whole);
    expect(read(DUMP, Infinity, COLUMNS).length).toBe(read(DUMP).length);
  });

  it("builds each statement from the parsed names, quoted again", () => {
    const odd = DUMP.replace('COPY "users" ("id", "name")', 'COPY "users" ("id", "na""me")');
    expect(replayed(read(odd))[2]).toBe('COPY "users" ("id", "na""me") FROM stdin');
  });

  it.each<[string, (dump: string) => string, RegExp]>([
    [
      "an unknown setting",
      (d) => d.replace("SET client_encoding = 'UTF8';\n", "$&SET session_replication_role = replica;\n"),
      /line 5: .*SET session_replication_role, a setting a Taskmanager backup never makes/,
    ],
    [
      "another value of our setting",
      (d) => d.replace("'UTF8'", "'SQL_ASCII'"),
      /line 4: SET client_encoding = 'SQL_ASCII'/,
    ],
    [
      "a second statement after the setting",
      (d) => d.replace("'UTF8';", "'UTF8'; CREATE TABLE intruder (id int);"),
      /line 4: expected `SET client_encoding = 'UTF8';`, found .*CREATE TABLE intruder/,
    ],
    [
      "COPY ... FROM PROGRAM",
      (d) => d.replace(line(6), 'COPY "users" ("id", "name") FROM PROGRAM \'cat /etc/passwd\';'),
      /line 6: expected `COPY "users" \(<columns>\) FROM stdin;`, found .*FROM PROGRAM/,
    ],
    [
      "a COPY with a second statement",
      (d) => d.replace(line(6), `${line(6)} DROP TABLE "tasks";`),
      /line 6: expected `COPY "users"/,
    ],
    [
      "a COPY into a system catalog",
      (d) => d.replace(line(6), 'COPY "pg_authid" ("id", "name") FROM stdin;'),
      /line 6: COPY into "pg_authid", which is not a table a Taskmanager backup restores/,
    ],
    [
      "a COPY into a table the backup does not hold",
      (d) => d.replace(line(6), 'COPY "_prisma_migrations" ("id", "name") FROM stdin;'),
      /line 6: COPY into "_prisma_migrations", which is not a table/,
    ],
    [
      "the tables in another order",
      (d) => d.replace(line(6), line(6).replace('"users"', '"accounts"')),
      /line 6: COPY into "accounts" where the backup has the block of "users"/,
    ],
    [
      "a column named twice",
      (d) => d.replace(line(6), 'COPY "users" ("id", "id") FROM stdin;'),
      /line 6: COPY "users" names column "id" twice/,
    ],
    ["a DROP TABLE line", (d) => d.replace(line(6), `DROP TABLE users;\n${line(6)}`), /line 6: .*"DROP TABLE users;"/],
    [
      "a CREATE FUNCTION line between two blocks",
      (d) =>
        d.replace(
          `\\.\n\n${line(10)}`,
          `\\.\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n\n${line(10)}`,
        ),
      /line 9: expected an empty line between the blocks of a backup, found "CREATE FUNCTION/,
    ],
    [
      "a psql command in the header",
      (d) => d.replace(line(2), "\\! touch /tmp/owned"),
      /line 2: expected the backup's header/,
    ],
    [
      "a row with an extra field",
      (d) => d.replace(line(7), `${line(7)}\tx`),
      /line 7: a row of 3 fields .*"users", which has 2/,
    ],
    ["a statement after the last table", (d) => `${d}DROP TABLE users;\n`, /the backup goes on after its last table/],
  ])("refuses %s, naming the line", (_, edit, message) => {
    const edited = edit(DUMP);
    expect(edited).not.toBe(DUMP);
    expect(refusal(edited)).toMatch(message);
  });

  it("with the target's columns, refuses a COPY that names another column or leaves one out", () => {
    expect(refusal(DUMP.replace(line(6), 'COPY "users" ("id", "is_admin") FROM stdin;'), COLUMNS)).toMatch(
      /line 6: COPY "users" names column "is_admin", which the target's "users" has not/,
    );
    expect(refusal(DUMP.replace(line(6), 'COPY "users" ("id") FROM stdin;').replace(line(7), "u"), COLUMNS)).toMatch(
      /line 6: COPY "users" leaves out the target's column "name"/,
    );
  });

  it("refuses a dump that stops short, and a line that is not UTF-8", () => {
    expect(refusal(DUMP.slice(0, DUMP.indexOf(line(10))))).toMatch(/ends before the COPY block of "accounts"/);
    expect(refusal(DUMP.slice(0, DUMP.indexOf(line(8))))).toMatch(/ends inside the COPY block of "users"/);
    expect(refusal(DUMP.slice(0, -1))).toMatch(/ends before its last line/);
    expect(refusal(DUMP.slice(0, -2))).toMatch(/ends without a newline/);
    const latin1 = Buffer.concat([Buffer.from(DUMP.slice(0, DUMP.indexOf(line(6)))), Buffer.from([0xe9, 0x0a])]);
    expect(refusal(latin1)).toMatch(/line 6: not valid UTF-8/);
  });
});
