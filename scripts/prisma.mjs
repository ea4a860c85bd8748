#!/usr/bin/env node
// Runs the Prisma CLI with the same arguments. Where Prisma's native schema engine is missing (it is
// downloaded on install, which fails without internet), the CLI is pointed at a drop-in built on
// @prisma/schema-engine-wasm; with the native engine present, this changes nothing.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "..");

function nativeEngine() {
  try {
    const dir = path.dirname(
      require.resolve("@prisma/engines/package.json", { paths: [path.join(root, "node_modules/prisma")] }),
    );
    return readdirSync(dir).some((file) => file.startsWith("schema-engine-"));
  } catch {
    return false;
  }
}

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY && !nativeEngine()) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(root, "scripts/prisma-engine/schema-engine.mjs");
  // Don't try to fetch engine checksums or the engine itself.
  env.PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING = "1";
}
env.PRISMA_HIDE_UPDATE_MESSAGE ??= "1";
env.CHECKPOINT_DISABLE ??= "1";

const cli = path.join(root, "node_modules/prisma/build/index.js");
if (!existsSync(cli)) {
  console.error("The Prisma CLI is not installed; run `npm install` first.");
  process.exit(1);
}
const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], { stdio: "inherit", env, cwd: root });
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
