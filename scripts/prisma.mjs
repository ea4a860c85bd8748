#!/usr/bin/env node
// `node scripts/prisma.mjs <args>` runs the project's Prisma CLI with <args>. Where Prisma's native
// schema engine is missing (it is downloaded on install, which fails without internet), the CLI is
// pointed at tools/prisma-engine/schema-engine.mjs, a drop-in built on @prisma/schema-engine-wasm.
// With the native engine present, or PRISMA_SCHEMA_ENGINE_BINARY already set, nothing changes.
import { spawn } from "node:child_process";
import { accessSync, chmodSync, constants, existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const cli = path.join(root, "node_modules/prisma/build/index.js");
if (!existsSync(cli)) {
  console.error("The Prisma CLI is not installed; run `npm install` first.");
  process.exit(1);
}

// Where the CLI looks for `schema-engine-<platform>` when PRISMA_SCHEMA_ENGINE_BINARY is unset (cli.js):
// the @prisma/engines package it resolves, then prisma/, node_modules/ and prisma/runtime/.
function nativeEngineInstalled() {
  const prismaDir = path.dirname(path.dirname(cli));
  const dirs = [prismaDir, path.dirname(prismaDir), path.join(prismaDir, "runtime")];
  try {
    dirs.unshift(path.dirname(createRequire(cli).resolve("@prisma/engines/package.json")));
  } catch {
    // @prisma/engines is not installed.
  }
  return dirs.some((dir) => {
    try {
      return readdirSync(dir).some(
        (file) => /^schema-engine-[\w.-]+$/.test(file) && !/\.(gz|sha256|tmp\d+)$/.test(file),
      );
    } catch {
      return false;
    }
  });
}

// The drop-in must be the engine build the CLI was released with.
function checkDropInVersion() {
  try {
    const fromCli = createRequire(createRequire(cli).resolve("@prisma/engines/package.json"));
    const wanted = fromCli("@prisma/engines-version/package.json").prisma.enginesVersion;
    const wasm = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm");
    const have = JSON.parse(readFileSync(path.join(path.dirname(wasm), "package.json"), "utf8")).version;
    if (!have.endsWith(`.${wanted}`)) {
      console.warn(
        `scripts/prisma.mjs: @prisma/schema-engine-wasm ${have} is not the engine of this Prisma CLI (${wanted}); install the @prisma/schema-engine-wasm version that ends in .${wanted}.`,
      );
    }
  } catch (error) {
    console.warn(`scripts/prisma.mjs: cannot compare the schema engine versions: ${error.message}`);
  }
}

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY && !env.PRISMA_MIGRATION_ENGINE_BINARY && !nativeEngineInstalled()) {
  // The only engine the CLI downloads (for version, init, migrate, db, generate, validate, format);
  // with this set it neither downloads it nor checks checksums.
  const dropIn = path.join(root, "tools/prisma-engine/schema-engine.mjs");
  // The CLI spawns it as a program (shebang); an archive or checkout may have lost the mode bit.
  try {
    accessSync(dropIn, constants.X_OK);
  } catch {
    chmodSync(dropIn, 0o755);
  }
  checkDropInVersion();
  env.PRISMA_SCHEMA_ENGINE_BINARY = dropIn;
  // No network here: the CLI's usage and update check would only leave a child process waiting for it.
  env.CHECKPOINT_DISABLE ??= "1";
}

const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], { stdio: "inherit", env });
// Pass signals on: by default this process would exit and leave the CLI running. (Ctrl-C in a terminal
// reaches both.)
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("error", (error) => {
  console.error(error.message);
  process.exit(1);
});
child.on("exit", (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
