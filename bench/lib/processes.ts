import { spawn } from "node:child_process";
import * as path from "node:path";
import { createInterface } from "node:readline";
import type { RunReport, Target } from "../contenders/common";
import { ISSUE_COMMIT, issueCli } from "./issueCli";
import { CLI, DIST, HOME } from "./util";

/** An emulator (`swr-repos emulator`) in its own process, driven over HTTP. */
export interface Emulator {
  readonly target: Omit<Target, "concurrency">;
  stats(): Promise<{ listRequests: number; throttled: number }>;
  resetStats(): Promise<void>;
  stop(): Promise<void>;
}

export interface EmulatorSpec {
  readonly repos: number;
  readonly latencyMs: number;
  readonly maxConcurrency?: number;
  readonly unstableTies?: boolean;
}

export async function startEmulator(spec: EmulatorSpec): Promise<Emulator> {
  const args = ["--repos", String(spec.repos), "--latency-ms", String(spec.latencyMs), "--seed", "1"];
  if (spec.maxConcurrency !== undefined) args.push("--max-concurrency", String(spec.maxConcurrency));
  if (spec.unstableTies) args.push("--unstable-ties");
  const child = spawn(process.execPath, [CLI, "emulator", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
    createInterface({ input: child.stdout }).once("line", resolve);
  });
  const target = JSON.parse(line) as Emulator["target"];
  const admin = (p: string, method = "GET") => fetch(`${target.url}/__emulator/${p}`, { method });
  return {
    target,
    stats: async () => (await (await admin("stats")).json()) as { listRequests: number; throttled: number },
    resetStats: async () => void (await admin("stats/reset", "POST")).body?.cancel(),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGINT");
      }),
  };
}

/** One way of listing the emulator completely, run in a fresh process per run. */
export interface Contender {
  readonly id: string;
  readonly label: string;
  /** A script under dist/bench/contenders; unused where `cli` is set. */
  readonly script: string;
  /** Whether the efficiency against the latency limit applies (our concurrent listings). */
  readonly concurrent: boolean;
  /** For `swr-repos list --format json` itself: the built CLI it runs (found or built when first run). */
  readonly cli?: () => string;
  /**
   * The process prints the listing itself, as the CLI does: its time, CPU and peak RSS are the whole
   * process's (Node's start-up and loading included).
   */
  readonly wholeProcess?: boolean;
  /** A peer for the CLI's targets alone: the ties section runs it, the matrix only when asked for. */
  readonly tiesOnly?: boolean;
}

export const CONTENDERS: readonly Contender[] = [
  { id: "library", label: "(a) pulumi-swr library", script: "library.js", concurrent: true },
  {
    id: "legacy",
    label: "(a′) pulumi-swr library, old route (plain order_column=name)",
    script: "legacyRoute.js",
    concurrent: true,
  },
  { id: "plugin", label: "(b) pulumi-swr plugin Invoke (gRPC)", script: "plugin.js", concurrent: true },
  {
    id: "cli",
    label: "(e) swr-repos list --format json (whole process)",
    script: "cli",
    // Its time includes Node's start-up, so an efficiency against the latency limit would mislead.
    concurrent: false,
    cli: () => CLI,
    wholeProcess: true,
  },
  {
    id: "cli-issue",
    label: `(e′) the same, the CLI the performance issue measured (commit ${ISSUE_COMMIT})`,
    script: "cli",
    concurrent: false,
    cli: issueCli,
    wholeProcess: true,
  },
  {
    id: "bare",
    label: "(f) a bare Node script: the same requests, one `JSON.parse` a page, no checks (whole process)",
    script: "bare.js",
    concurrent: false,
    wholeProcess: true,
    tiesOnly: true,
  },
  { id: "official", label: "(c) official Huawei SDK, sequential", script: "official.js", concurrent: false },
  {
    id: "fetch",
    label: "(d) hand-written fetch loop, sequential",
    script: "fetchLoop.js",
    concurrent: false,
  },
];

/** Whether contender `id` prints the listing itself, so that its time and CPU are the whole process's. */
export function isWholeProcess(id: string): boolean {
  return CONTENDERS.some((c) => c.id === id && c.wholeProcess === true);
}

export function contender(id: string): Contender {
  const found = CONTENDERS.find((c) => c.id === id);
  if (!found) throw new Error(`no contender ${id}`);
  return found;
}

/** A contender's report, plus the wall time from spawn to exit measured here. */
export interface Measured extends RunReport {
  /** Spawn to exit of the contender's process (Node start-up and module loading included), ms. */
  readonly processMs: number;
}

export interface RunOptions {
  /** Node flags before the script, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** Added to the contender's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

/** The CLI contender's preload that reports its CPU time and peak RSS on file descriptor 3. */
const CPU_AT_EXIT = path.join(DIST, "bench", "lib", "cpuAtExit.js");

/**
 * Runs `contender` once against `target`. A whole-process contender (the CLI) prints only its
 * listing, so for it `ms` is the whole process (spawn to exit), and its CPU time and peak RSS are the
 * whole process's, from a preload that writes them on file descriptor 3 at exit.
 */
export function runContender(
  contender: Contender,
  target: Target,
  options: RunOptions = {},
): Promise<Measured> {
  const cli = contender.cli?.();
  const args = cli
    ? [cli, "list", "--format", "json", "--endpoint", target.url]
    : [path.join(DIST, "bench", "contenders", contender.script)];
  const env: NodeJS.ProcessEnv = cli
    ? { PATH: process.env.PATH ?? "", HOME, HW_ACCESS_KEY: target.accessKey, HW_SECRET_KEY: target.secretKey }
    : { PATH: process.env.PATH ?? "", HOME, BENCH_TARGET: JSON.stringify(target) };
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const preload = contender.wholeProcess ? ["--require", CPU_AT_EXIT] : [];
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...preload, ...args], {
      env: { ...env, ...options.env },
      stdio: ["ignore", "pipe", "inherit", "pipe"],
    });
    const chunks: Buffer[] = [];
    const usage: Buffer[] = [];
    child.stdout?.on("data", (d: Buffer) => chunks.push(d));
    child.stdio[3]?.on("data", (d: Buffer) => usage.push(d));
    let exited = started;
    child.on("exit", () => (exited = process.hrtime.bigint()));
    // Timed to 'exit', read at 'close', when both pipes have been read to their end.
    child.on("close", (code) => {
      const processMs = Number(exited - started) / 1e6;
      if (code !== 0) return reject(new Error(`${contender.id} exited with ${code}`));
      const out = Buffer.concat(chunks).toString();
      try {
        if (contender.wholeProcess) {
          const repos = JSON.parse(out) as Array<{ namespace: string; name: string }>;
          const { cpuMs, peakRssBytes } = JSON.parse(Buffer.concat(usage).toString()) as RunReport;
          resolve({
            ms: processMs,
            processMs,
            cpuMs,
            peakRssBytes,
            count: new Set(repos.map((r) => `${r.namespace}/${r.name}`)).size,
            resultJsonBytes: Buffer.byteLength(out),
          });
        } else {
          const report = JSON.parse(out.trim().split("\n").at(-1) as string) as RunReport;
          resolve({ ...report, processMs });
        }
      } catch (error) {
        reject(new Error(`${contender.id} printed no report: ${String(error)}`));
      }
    });
  });
}

/** Spawns `command ARGS` and resolves with the ms until its first stdout line, then ends it with `signal`. */
export function timeToFirstLine(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  signal: NodeJS.Signals = "SIGKILL",
): Promise<{ ms: number; line: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, [...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const lines = createInterface({ input: child.stdout });
    const onExit = (code: number | null) =>
      reject(new Error(`${command} ${args.join(" ")} exited with ${code} before a line; stderr: ${stderr}`));
    child.once("exit", onExit);
    lines.once("line", (line) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      lines.close();
      child.off("exit", onExit);
      child.once("exit", () => resolve({ ms, line }));
      child.kill(signal);
    });
  });
}
