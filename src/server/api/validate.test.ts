import { describe, expect, it } from "vitest";
import { z, ZodError } from "zod";
import { appRouter } from "~/server/api/root";
import { sync } from "./validate";

type Parser = { parse?: unknown; parseAsync?: unknown };
type ProcedureDef = { inputs: Parser[]; output?: Parser };

describe("procedure validation", () => {
  it("is synchronous for every input and output of the API", () => {
    const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>);
    expect(procedures.length).toBeGreaterThan(40);
    const slow = procedures.flatMap(([name, procedure]) =>
      [...procedure._def.inputs, procedure._def.output]
        .filter((parser): parser is Parser => parser !== undefined)
        .filter((parser) => "parseAsync" in parser || typeof parser.parse !== "function")
        .map(() => name),
    );
    expect(slow).toEqual([]);
  });

  it("answers as zod does: the parsed value, or the same ZodError", () => {
    const schema = z.object({ title: z.string().min(1), done: z.boolean().default(false) }).strict();
    expect(sync(schema).parse({ title: "A" })).toEqual({ title: "A", done: false });
    expect(() => sync(schema).parse({ title: "" })).toThrow(ZodError);
    expect(() => sync(schema).parse({ title: "A", extra: 1 })).toThrow(ZodError);
  });
});
