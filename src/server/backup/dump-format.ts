// The text of a dump, written and read in one place. A restore accepts only what `dumpDatabase` writes,
// line by line, and runs statements built here from the parsed parts, never text from the file: whoever
// can write to the backup storage must not be able to run SQL at restore time.

// Every application table, parents before children, so a plain `psql` replay satisfies foreign keys.
export const TABLES = [
  "users",
  "accounts",
  "sessions",
  "auth_tokens",
  "api_tokens",
  "workspaces",
  "memberships",
  "invitations",
  "projects",
  "labels",
  "tasks",
  "task_labels",
  "task_followers",
  "comments",
  // The rows only: the files are in the bucket, backed up by its versioning or replication.
  "attachments",
  "activities",
  "notifications",
  "notification_preferences",
  "due_reminders",
  "unsubscribe_tokens",
] as const;

export type Table = (typeof TABLES)[number];

// The only settings a dump makes, each with the one value it may have.
const SETTINGS = [["client_encoding", "UTF8"]] as const;

export class RestoreRefused extends Error {}

export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

const FIRST_LINE = /^-- Taskmanager backup \S+, schema at migration \S+\.$/;
const HEADER = [
  "-- Restore into a database migrated to the same version:",
  '--   gunzip -c FILE | psql --single-transaction -v ON_ERROR_STOP=1 "$DATABASE_URL"',
];
const setting = ([name, value]: (typeof SETTINGS)[number]) => `SET ${name} = '${value}'`;

/** The dump's first lines: a comment saying how to restore it by hand, and its settings. */
export function dumpHeader(createdAt: string, migration: string | null): string {
  const first = `-- Taskmanager backup ${createdAt}, schema at migration ${migration ?? "none"}.`;
  return [first, ...HEADER, ...SETTINGS.map((s) => `${setting(s)};`), "", ""].join("\n");
}

export const copyStatement = (table: string, columns: readonly string[]) =>
  `COPY ${quote(table)} (${columns.map(quote).join(", ")}) FROM stdin`;

export type DumpStep =
  | { kind: "set"; sql: string }
  | { kind: "copy"; table: Table; sql: string }
  /** Lines of the open COPY block, each ending in "\n", as they are in the file. */
  | { kind: "rows"; data: Buffer }
  | { kind: "end-copy"; table: Table };

const IDENT = String.raw`"(?:[^"]|"")+"`;
const COPY_LINE = new RegExp(String.raw`^COPY (${IDENT}) \((${IDENT}(?:, ${IDENT})*)\) FROM stdin;$`);
const SET_LINE = /^SET ([a-z_]+) = '([^'\\]*)';$/;
const unquote = (ident: string) => ident.slice(1, -1).replaceAll('""', '"');
const NEWLINE = 0x0a;
const TAB = 0x09;
const END_OF_COPY = Buffer.from("\\.");
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// A long line is shown by its start and its end, where a statement tacked onto it would be.
const shown = (line: string) => JSON.stringify(line.length > 100 ? `${line.slice(0, 50)}…${line.slice(-40)}` : line);

type State =
  | { at: "header"; index: number }
  | { at: "settings"; index: number }
  | { at: "gap" }
  | { at: "copy" }
  | { at: "rows"; table: Table; fields: number }
  | { at: "end" };

/**
 * Reads a decompressed dump chunk by chunk and turns it into steps to replay, or refuses it with the
 * number of the first line that a dump of ours would not contain: the header, the settings, then one
 * `COPY "<table>" (<columns>) FROM stdin;` block per table in TABLES order, rows with one field per
 * column, each block closed by `\.`. With `columns` (the target's, per table), a COPY must name exactly
 * the target table's columns.
 */
export class DumpReader {
  private line = 0;
  private state: State = { at: "header", index: 0 };
  private next = 0;
  private pending: Buffer[] = [];

  constructor(
    private readonly file: string,
    private readonly columns?: ReadonlyMap<string, readonly string[]>,
  ) {}

  push(chunk: Buffer): DumpStep[] {
    const steps: DumpStep[] = [];
    let start = 0;
    // Rows next to each other in the chunk go out as one step.
    let rowsFrom = -1;
    const flushRows = (end: number) => {
      if (rowsFrom >= 0) steps.push({ kind: "rows", data: chunk.subarray(rowsFrom, end) });
      rowsFrom = -1;
    };
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      const carried = this.pending.length > 0;
      const line = carried ? Buffer.concat([...this.pending, chunk.subarray(0, nl)]) : chunk.subarray(start, nl);
      this.pending = [];
      const step = this.read(line);
      if (step === "row") {
        if (carried) steps.push({ kind: "rows", data: Buffer.concat([line, Buffer.from("\n")]) });
        else if (rowsFrom < 0) rowsFrom = start;
      } else {
        flushRows(start);
        if (step) steps.push(step);
      }
      start = nl + 1;
    }
    flushRows(start);
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
    return steps;
  }

  /** Call once the whole dump has been pushed: refuses one that stops short. */
  end(): void {
    if (this.pending.length > 0) {
      this.line += 1;
      throw this.refuse("the dump ends without a newline; it is truncated.");
    }
    if (this.state.at === "end") return;
    const missing =
      this.state.at === "rows"
        ? `inside the COPY block of "${this.state.table}"`
        : this.next < TABLES.length
          ? `before the COPY block of "${TABLES[this.next]}"`
          : "before its last line";
    throw new RestoreRefused(`${this.file} ends ${missing}; it is truncated. Nothing was changed.`);
  }

  private refuse(problem: string): RestoreRefused {
    return new RestoreRefused(`${this.file}, line ${this.line}: ${problem} Nothing was changed.`);
  }

  private read(bytes: Buffer): DumpStep | "row" | null {
    this.line += 1;
    const state = this.state;
    if (state.at === "rows") {
      if (bytes.equals(END_OF_COPY)) {
        this.next += 1;
        this.state = { at: "gap" };
        return { kind: "end-copy", table: state.table };
      }
      let fields = 1;
      for (let i = bytes.indexOf(TAB); i !== -1; i = bytes.indexOf(TAB, i + 1)) fields += 1;
      if (fields !== state.fields) {
        throw this.refuse(
          `a row of ${fields} fields in the COPY block of "${state.table}", which has ${state.fields}.`,
        );
      }
      return "row";
    }
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw this.refuse("not valid UTF-8.");
    }
    switch (state.at) {
      case "header": {
        const expected = state.index === 0 ? FIRST_LINE : HEADER[state.index - 1]!;
        if (typeof expected === "string" ? text !== expected : !expected.test(text)) {
          throw this.refuse(`expected the backup's header, found ${shown(text)}.`);
        }
        this.state =
          state.index === HEADER.length ? { at: "settings", index: 0 } : { ...state, index: state.index + 1 };
        return null;
      }
      case "settings": {
        const wanted = SETTINGS[state.index]!;
        this.checkSetting(text, wanted);
        this.state = state.index + 1 === SETTINGS.length ? { at: "gap" } : { ...state, index: state.index + 1 };
        return { kind: "set", sql: setting(wanted) };
      }
      case "gap":
        if (text !== "") {
          throw this.refuse(`expected an empty line between the blocks of a backup, found ${this.describe(text)}.`);
        }
        this.state = this.next < TABLES.length ? { at: "copy" } : { at: "end" };
        return null;
      case "copy":
        return this.copy(text);
      case "end":
        throw this.refuse(`the backup goes on after its last table, with ${this.describe(text)}.`);
    }
  }

  private checkSetting(text: string, [name, value]: (typeof SETTINGS)[number]): void {
    const match = SET_LINE.exec(text);
    if (!match) {
      throw this.refuse(`expected \`${setting([name, value])};\`, found ${this.describe(text)}.`);
    }
    if (match[1] !== name || match[2] !== value) {
      throw this.refuse(`SET ${match[1]} = '${match[2]}' is not a setting a Taskmanager backup makes.`);
    }
  }

  private copy(text: string): DumpStep {
    const table = TABLES[this.next]!;
    const match = COPY_LINE.exec(text);
    if (!match) {
      throw this.refuse(
        `expected \`COPY "${table}" (<columns>) FROM stdin;\`, found ${this.describe(text)}; a backup has no other statement there.`,
      );
    }
    const named = unquote(match[1]!);
    if (named !== table) {
      const ours = (TABLES as readonly string[]).includes(named);
      throw this.refuse(
        ours
          ? `COPY into "${named}" where the backup has the block of "${table}".`
          : `COPY into ${quote(named)}, which is not a table a Taskmanager backup restores.`,
      );
    }
    const listed = [...match[2]!.matchAll(new RegExp(IDENT, "g"))].map((m) => unquote(m[0]));
    const duplicate = listed.find((c, i) => listed.indexOf(c) !== i);
    if (duplicate !== undefined) throw this.refuse(`COPY "${table}" names column ${quote(duplicate)} twice.`);
    const target = this.columns?.get(table);
    if (this.columns) {
      const unknown = listed.find((c) => !target?.includes(c));
      if (unknown !== undefined) {
        throw this.refuse(`COPY "${table}" names column ${quote(unknown)}, which the target's "${table}" has not.`);
      }
      const left = target?.find((c) => !listed.includes(c));
      if (left !== undefined) throw this.refuse(`COPY "${table}" leaves out the target's column ${quote(left)}.`);
    }
    this.state = { at: "rows", table, fields: listed.length };
    return { kind: "copy", table, sql: copyStatement(table, listed) };
  }

  // Names what an unexpected line is, for the error.
  private describe(text: string): string {
    const set = /^\s*SET\s+(?:SESSION\s+|LOCAL\s+)?([\w."]+)/i.exec(text);
    if (set && !SETTINGS.some(([name]) => name === set[1])) {
      return `SET ${set[1]}, a setting a Taskmanager backup never makes`;
    }
    return shown(text);
  }
}
