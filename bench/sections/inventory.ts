import { spawn } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../lib/processes";
import { isolatedPulumiEnvironment, ensurePulumi } from "../lib/pulumi";
import { fmt, progress, ROOT, Stamped, Summary, summarize, thousands } from "../lib/util";

/** The two programs: a `RepositoryInventory` of the whole registry, and the same listing by invoke. */
const PROGRAMS = {
  inventory: [
    'import * as swr from "pulumi-swr";',
    'const inventory = new swr.RepositoryInventory("registry", {});',
    "export const total = inventory.total;",
    "export const fingerprint = inventory.fingerprint;",
  ],
  invoke: [
    'import * as swr from "pulumi-swr";',
    "const listing = swr.getRepositoriesOutput({});",
    "export const total = listing.total;",
  ],
} as const;
type Program = keyof typeof PROGRAMS;

/** The commands measured on each stack, in this order. */
const COMMANDS = {
  /** `pulumi up` of a new stack: the inventory lists and is created; the invoke lists. */
  up: ["up", "--yes", "--skip-preview"],
  /** `pulumi up` again, nothing changed: the inventory only diffs; the invoke lists again. */
  upUnchanged: ["up", "--yes", "--skip-preview"],
  /** `pulumi preview`, nothing changed. */
  preview: ["preview"],
  /**
   * `pulumi refresh`, nothing changed: the inventory lists again; the invoke stack has nothing to read.
   * Without its preview, which would list a second time.
   */
  refresh: ["refresh", "--yes", "--skip-preview"],
} as const;
type Command = keyof typeof COMMANDS;

/** One program at one size. */
export interface InventoryRow {
  readonly repos: number;
  readonly program: Program;
  /** Wall time of each command, ms: median (min–max) over the runs. */
  readonly ms: Record<Command, Summary>;
  /** The stack's checkpoint after the last command, bytes (the largest over the runs). */
  readonly checkpointBytes: number;
  /** The Pulumi CLI process's peak resident memory (VmHWM), MiB, per command: the largest over the runs. */
  readonly peakMiB: Record<Command, number>;
}

export interface InventoryResult {
  readonly runs: number;
  readonly rows: InventoryRow[];
}

/** How a command ended, how long it took, and the peak memory of the `pulumi` process itself. */
interface Measured {
  readonly code: number;
  readonly ms: number;
  readonly output: string;
  readonly peakMiB: number;
}

/** The high-water mark of a process's resident memory, KiB, or `undefined` once it is gone. */
function highWaterKiB(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `pulumi ARGS` and reads the CLI process's VmHWM (a high-water mark, so the last reading before
 * it exits is its peak, short of growth in its last 50 ms). Plugins and the program run in their own
 * processes and are not counted: this is the engine's memory.
 */
function runPulumi(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Measured> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", [...args, "--non-interactive", "--color", "never"], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    let peakKiB = 0;
    const poll = setInterval(() => {
      peakKiB = Math.max(peakKiB, highWaterKiB(child.pid ?? -1) ?? 0);
    }, 50);
    child.on("error", (error) => {
      clearInterval(poll);
      reject(error);
    });
    child.on("exit", () => clearInterval(poll));
    child.on("close", (code) =>
      resolve({ code: code ?? -1, ms: Date.now() - started, output, peakMiB: peakKiB / 1024 }),
    );
  });
}

function expectSucceeded(result: Measured, what: string): Measured {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n${result.output.slice(-4000)}`);
  return result;
}

/** The checkpoint of `stack` in a file backend (`.pulumi/stacks/<project>/<stack>.json`). */
function checkpointBytes(stateDir: string, stack: string): number {
  const stacks = path.join(stateDir, ".pulumi", "stacks");
  for (const project of readdirSync(stacks)) {
    const file = path.join(stacks, project, `${stack}.json`);
    try {
      return statSync(file).size;
    } catch {
      continue;
    }
  }
  throw new Error(`no checkpoint of stack ${stack} under ${stacks}`);
}

/** A program directory under .cache/bench, with `pulumi-swr` linked in as the examples have it. */
function writeProgram(dir: string, program: Program): string {
  const at = path.join(dir, program);
  mkdirSync(path.join(at, "node_modules"), { recursive: true });
  symlinkSync(ROOT, path.join(at, "node_modules", "pulumi-swr"), "dir");
  writeFileSync(
    path.join(at, "Pulumi.yaml"),
    [
      `name: bench-${program}`,
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    typescript: true",
      "plugins:",
      "  providers:",
      "    - name: swr",
      "      path: ./node_modules/pulumi-swr",
      "",
    ].join("\n"),
  );
  writeFileSync(path.join(at, "index.ts"), PROGRAMS[program].join("\n") + "\n");
  writeFileSync(
    path.join(at, "package.json"),
    JSON.stringify({ name: `bench-${program}`, main: "index.ts" }),
  );
  writeFileSync(
    path.join(at, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "commonjs", moduleResolution: "node", strict: true },
      files: ["index.ts"],
    }),
  );
  return at;
}

/**
 * `RepositoryInventory` at registry scale against the same listing by invoke (`getRepositoriesOutput`),
 * with the real Pulumi CLI (file backend, no network) against the emulator at 0 ms: for each size, a
 * new stack of each program per run, `pulumi up` (create), `up` again, `preview` and `refresh` with
 * nothing changed, the checkpoint's size, and the CLI's peak memory. Programs alternate within a run.
 */
export async function measureInventory(sizes: readonly number[], runs: number): Promise<InventoryResult> {
  const bin = await ensurePulumi();
  mkdirSync(path.join(ROOT, ".cache", "bench"), { recursive: true });
  const rows: InventoryRow[] = [];
  for (const repos of sizes) {
    progress(`inventory against invoke, ${thousands(repos)} repositories …`);
    const dir = mkdtempSync(path.join(ROOT, ".cache", "bench", "inventory-"));
    const emulator = await startEmulator({ repos, latencyMs: 0 });
    try {
      const env = isolatedPulumiEnvironment(bin, dir, {
        HW_SWR_ENDPOINT: emulator.target.url,
        HW_ACCESS_KEY: emulator.target.accessKey,
        HW_SECRET_KEY: emulator.target.secretKey,
      });
      const dirs = { inventory: writeProgram(dir, "inventory"), invoke: writeProgram(dir, "invoke") };
      expectSucceeded(await runPulumi(["login"], dir, env), "pulumi login");
      const samples = {
        inventory: {
          ms: new Map<Command, number[]>(),
          peak: new Map<Command, number>(),
          bytes: 0,
          total: "",
        },
        invoke: { ms: new Map<Command, number[]>(), peak: new Map<Command, number>(), bytes: 0, total: "" },
      };
      for (let run = 0; run < runs; run++) {
        const order: Program[] = run % 2 ? ["invoke", "inventory"] : ["inventory", "invoke"];
        for (const program of order) {
          const stack = `run${run}`;
          const cwd = dirs[program];
          const sample = samples[program];
          expectSucceeded(await runPulumi(["stack", "init", stack], cwd, env), "pulumi stack init");
          for (const [command, args] of Object.entries(COMMANDS) as Array<[Command, readonly string[]]>) {
            progress(`  ${thousands(repos)} ${program} ${command} ${run + 1}/${runs}`);
            const result = expectSucceeded(
              await runPulumi([...args, "--stack", stack], cwd, env),
              `${program}: pulumi ${args.join(" ")}`,
            );
            sample.ms.set(command, [...(sample.ms.get(command) ?? []), result.ms]);
            sample.peak.set(command, Math.max(sample.peak.get(command) ?? 0, result.peakMiB));
            if (command === "up") {
              const outputs = expectSucceeded(
                await runPulumi(["stack", "output", "total", "--stack", stack], cwd, env),
                "pulumi stack output",
              );
              sample.total = outputs.output.trim();
            }
          }
          sample.bytes = Math.max(sample.bytes, checkpointBytes(path.join(dir, "state"), stack));
          expectSucceeded(await runPulumi(["stack", "rm", "--yes", "--force", stack], cwd, env), "stack rm");
        }
      }
      for (const program of ["inventory", "invoke"] as const) {
        const sample = samples[program];
        // Both stacks must have listed the whole registry, or the comparison means nothing.
        if (sample.total !== String(repos))
          throw new Error(`${program} stack's total is ${sample.total}, not ${repos}`);
        const keys = Object.keys(COMMANDS) as Command[];
        rows.push({
          repos,
          program,
          ms: Object.fromEntries(keys.map((k) => [k, summarize(sample.ms.get(k) ?? [])])) as Record<
            Command,
            Summary
          >,
          checkpointBytes: sample.bytes,
          peakMiB: Object.fromEntries(keys.map((k) => [k, sample.peak.get(k) ?? NaN])) as Record<
            Command,
            number
          >,
        });
      }
    } finally {
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { runs, rows };
}

/** The section of bench/RESULTS.md. */
export function inventoryMarkdown(stamped: Stamped<InventoryResult>): string[] {
  const { runs, rows } = stamped.data;
  const mb = (bytes: number) => (bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1);
  const peak = (row: InventoryRow) => Math.max(...Object.values(row.peakMiB)).toFixed(0);
  const lines = [
    "",
    "## `RepositoryInventory` at registry scale: against the same listing by invoke",
    "",
    `_Made by \`${stamped.command}\` on ${stamped.date.slice(0, 10)}._`,
    "",
    "The real Pulumi CLI (v3.248, file backend) runs a one-line program holding a `RepositoryInventory` of the",
    "whole registry, and one calling `getRepositoriesOutput` for the same listing, against the emulator at 0 ms.",
    `Per run a new stack: \`up\` (create), \`up\` again, \`preview\` and \`refresh\` with nothing changed`,
    `(\`up\` and \`refresh\` with \`--skip-preview\`, which would list again); median (min–max) of ${runs} runs, ms.`,
    "The invoke stack's `refresh` reads no resource (it does not list); its `preview` and each `up` list.",
    "Peak memory is the `pulumi` process's own (VmHWM, the largest of its commands); plugins are not counted.",
    "",
    "| repositories | program | up (create) | up (unchanged) | preview | refresh | checkpoint MB | Pulumi CLI peak MiB |",
    "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const row of rows)
    lines.push(
      `| ${thousands(row.repos)} | ${row.program} | ${fmt(row.ms.up)} | ${fmt(row.ms.upUnchanged)} | ` +
        `${fmt(row.ms.preview)} | ${fmt(row.ms.refresh)} | ${mb(row.checkpointBytes)} | ${peak(row)} |`,
    );
  lines.push(
    "",
    "Inventory against invoke (medians): `up` (create) against the invoke's `up`; `refresh`, which lists, against the",
    "invoke's `preview`, which lists too. Target at 50,000: `up` ≤ 2.0×, checkpoint ≤ 8 MB.",
    "",
    "| repositories | up ÷ invoke up | refresh ÷ invoke preview | preview ÷ invoke preview | checkpoint MB |",
    "| ---: | ---: | ---: | ---: | ---: |",
  );
  for (const row of rows.filter((r) => r.program === "inventory")) {
    const invoke = rows.find((r) => r.program === "invoke" && r.repos === row.repos);
    if (!invoke) continue;
    const ratio = (a: Summary, b: Summary) => `${(a.median / b.median).toFixed(2)}×`;
    lines.push(
      `| ${thousands(row.repos)} | ${ratio(row.ms.up, invoke.ms.up)} | ${ratio(row.ms.refresh, invoke.ms.preview)} | ` +
        `${ratio(row.ms.preview, invoke.ms.preview)} | ${mb(row.checkpointBytes)} |`,
    );
  }
  return lines;
}
