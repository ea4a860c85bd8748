import type { z } from "zod";

/** A validator as tRPC sees it: the types it reads from `_input` / `_output`, and `parse`, which it calls. */
export type SyncParser<I, O> = { _input: I; _output: O; parse: (value: unknown) => O };

// tRPC validates with zod's parseAsync whenever a schema has one, and parseAsync skips the compiled
// fast path zod takes for object schemas in parse(): checking a page of 50 tasks costs about eight
// times as much. No schema of ours is asynchronous (no async refinements or transforms), so every
// procedure validates its input and output with parse(), which throws the same ZodError.
export function sync<T extends z.ZodType>(schema: T): SyncParser<z.input<T>, z.output<T>> {
  return { parse: (value: unknown) => schema.parse(value) } as SyncParser<z.input<T>, z.output<T>>;
}
