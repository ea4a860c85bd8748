// `npm run bench:backup`: backup time and peak memory of our job against `pg_dump | gzip` on the same
// database in the same run, at 100 000 and 1 000 000 tasks, and the job's peak memory when it uploads
// to S3 (an S3-protocol server started here). Needs PostgreSQL (as bench:tasks), pg_dump
// and GNU time (/usr/bin/time) on the PATH.
import { execFile } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startS3Server } from "../tests/s3-server";
import { benchDatabase, seedTasks } from "./lib/seed";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const SIZES = (process.env.BENCH_SIZES ?? "100000,1000000").split(",").map(Number);

type Measured = { seconds: number; peakMiB: number };

// GNU time reports the peak resident set of the command (for a pipeline, of the shell's children).
async function measure(command: string, env: Record<string, string>): Promise<Measured> {
  const { stderr } = await run("/usr/bin/time", ["-f", "TIME %e %M", "bash", "-c", command], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const match = /TIME ([\d.]+) (\d+)/.exec(stderr);
  if (!match) throw new Error(`no timing in: ${stderr.slice(-500)}`);
  return { seconds: Number(match[1]), peakMiB: Number(match[2]) / 1024 };
}

// The production path too: the same job uploading to an S3-protocol server on this machine (s3rver).
const s3 = await startS3Server("bench-backups");
const s3Env = {
  BACKUP_S3_BUCKET: s3.bucket,
  BACKUP_S3_ENDPOINT: s3.endpoint,
  BACKUP_S3_ACCESS_KEY_ID: "S3RVER",
  BACKUP_S3_SECRET_ACCESS_KEY: "S3RVER",
  BACKUP_S3_FORCE_PATH_STYLE: "true",
};

const rows: string[] = [];
for (const size of SIZES) {
  const bench = await benchDatabase(`tm_bench_backup_${size}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), "tm-bench-backup-"));
  try {
    const seeded = await seedTasks(bench, size);
    console.log(`\n== ${size.toLocaleString("en")} tasks (seeded in ${(seeded / 1000).toFixed(1)} s)`);
    const ours = await measure("node --import tsx scripts/backup.ts > /dev/null", {
      DATABASE_URL: bench.url,
      BACKUP_DIR: dir,
      LOG_LEVEL: "warn",
    });
    const toS3 = await measure("node --import tsx scripts/backup.ts > /dev/null", {
      DATABASE_URL: bench.url,
      LOG_LEVEL: "warn",
      BACKUP_S3_PREFIX: `${size}/`,
      ...s3Env,
    });
    const dump = path.join(dir, "pg_dump.sql.gz");
    // pg_dump's own peak, measured alone; the gzip it feeds runs as a separate process.
    const pgDump = await measure(`pg_dump --data-only --no-owner "${bench.url}" | gzip -6 > "${dump}"`, {});
    const pgDumpAlone = await measure(`pg_dump --data-only --no-owner "${bench.url}" > /dev/null`, {});
    const ourFile = (await import("node:fs/promises"))
      .readdir(dir)
      .then((f) => f.find((n) => n.startsWith("taskmanager-") && n.endsWith(".sql.gz")));
    const ourBytes = (await stat(path.join(dir, (await ourFile)!))).size;
    const dumpBytes = (await stat(dump)).size;
    console.log(
      `  our job        ${ours.seconds.toFixed(2)} s   peak ${ours.peakMiB.toFixed(0)} MiB   ${(ourBytes / 1048576).toFixed(1)} MiB gz`,
    );
    console.log(
      `  our job to S3  ${toS3.seconds.toFixed(2)} s   peak ${toS3.peakMiB.toFixed(0)} MiB   (s3rver on this machine)`,
    );
    console.log(
      `  pg_dump | gzip ${pgDump.seconds.toFixed(2)} s   peak ${pgDump.peakMiB.toFixed(0)} MiB   ${(dumpBytes / 1048576).toFixed(1)} MiB gz`,
    );
    console.log(`  pg_dump alone  ${pgDumpAlone.seconds.toFixed(2)} s   peak ${pgDumpAlone.peakMiB.toFixed(0)} MiB`);
    console.log(`  time ratio (ours / pg_dump | gzip): ${(ours.seconds / pgDump.seconds).toFixed(2)}`);
    rows.push(
      `${String(size).padEnd(9)} ${ours.seconds.toFixed(2).padStart(8)} ${ours.peakMiB.toFixed(0).padStart(9)} ${toS3.peakMiB.toFixed(0).padStart(9)} ${pgDump.seconds.toFixed(2).padStart(12)} ${pgDump.peakMiB.toFixed(0).padStart(13)} ${(ours.seconds / pgDump.seconds).toFixed(2).padStart(7)}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
    await bench.drop();
  }
}
await s3.close();
console.log("\nsize      ours (s)  ours MiB    S3 MiB  pg_dump (s)  pg_dump MiB   ratio");
for (const row of rows) console.log(row);
