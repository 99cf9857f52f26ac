import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { startRelay } from "../test/support/proxies";
import { RunReport, Target } from "./contenders/common";

/**
 * The benchmark: for each (N repositories, L ms latency), the emulator runs in its own process and
 * each contender lists it completely in a fresh process, alternating contenders run by run, after
 * one discarded warm-up each. Reports medians and min–max; writes bench/results.json and bench/RESULTS.md.
 *
 * Usage: node dist/bench/run.js [--sizes 1000,10000,100000] [--latencies 0,25] [--runs 5] [--concurrency 8]
 *                               [--contenders library,legacy,plugin,official,fetch] [--only compression]
 *
 * `--only compression` runs just the compression part (our client with and without
 * `Accept-Encoding` at the largest size, each latency) and writes bench/compression.json.
 */

const ROOT = path.join(__dirname, "..", "..");
const DIST = path.join(ROOT, "dist");
/** The official SDK writes ~/.huaweicloud/application_id; contenders get a home of their own. */
const HOME = mkdtempSync(path.join(tmpdir(), "pulumi-swr-bench-home-"));

interface Contender {
  readonly id: string;
  readonly label: string;
  readonly script: string;
  /** Whether the efficiency against the latency limit applies (our concurrent listings). */
  readonly concurrent: boolean;
}

const ALL_CONTENDERS: readonly Contender[] = [
  { id: "library", label: "(a) pulumi-swr library", script: "library.js", concurrent: true },
  {
    id: "legacy",
    label: "(a′) pulumi-swr library, old route (plain order_column=name)",
    script: "legacyRoute.js",
    concurrent: true,
  },
  { id: "plugin", label: "(b) pulumi-swr plugin Invoke (gRPC)", script: "plugin.js", concurrent: true },
  { id: "official", label: "(c) official Huawei SDK, sequential", script: "official.js", concurrent: false },
  {
    id: "fetch",
    label: "(d) hand-written fetch loop, sequential",
    script: "fetchLoop.js",
    concurrent: false,
  },
];

/** `--contenders library,official` runs a subset (the library always comes first). */
const CONTENDERS: readonly Contender[] = ((): readonly Contender[] => {
  const at = process.argv.indexOf("--contenders");
  if (at < 0) return ALL_CONTENDERS;
  const wanted = new Set(process.argv[at + 1].split(","));
  return ALL_CONTENDERS.filter((c) => c.id === "library" || wanted.has(c.id));
})();

interface Emulator {
  readonly target: Omit<Target, "concurrency">;
  stats(): Promise<{ listRequests: number; throttled: number }>;
  resetStats(): Promise<void>;
  stop(): Promise<void>;
}

async function startEmulator(args: string[]): Promise<Emulator> {
  const child = spawn(process.execPath, [path.join(DIST, "cli", "index.js"), "emulator", ...args], {
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
        child.once("exit", () => resolve());
        child.kill("SIGINT");
      }),
  };
}

function runContender(contender: Contender, target: Target): Promise<RunReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(DIST, "bench", "contenders", contender.script)], {
      env: { PATH: process.env.PATH ?? "", HOME, BENCH_TARGET: JSON.stringify(target) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${contender.id} exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").at(-1) as string) as RunReport);
      } catch (error) {
        reject(new Error(`${contender.id} printed no report: ${String(error)}`));
      }
    });
  });
}

interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

interface CellResult {
  readonly contender: string;
  readonly label: string;
  readonly ms: Summary;
  readonly cpuMs: Summary;
  readonly requests: number;
  readonly peakRssMiB: Summary;
  readonly resultJsonMiB: number;
  readonly count: number;
  readonly efficiency?: number;
}

interface Cell {
  readonly n: number;
  readonly latencyMs: number;
  readonly results: CellResult[];
}

async function measureCell(n: number, latencyMs: number, runs: number, concurrency: number): Promise<Cell> {
  const emulator = await startEmulator([
    "--repos",
    String(n),
    "--latency-ms",
    String(latencyMs),
    "--seed",
    "1",
  ]);
  const target: Target = { ...emulator.target, concurrency };
  const samples = new Map<string, Array<RunReport & { requests: number }>>(CONTENDERS.map((c) => [c.id, []]));
  try {
    for (const contender of CONTENDERS) await runContender(contender, target); // warm-up, discarded
    for (let run = 0; run < runs; run++) {
      // Alternate who goes first, so no contender always follows the same one.
      const order = CONTENDERS.map((_, i) => CONTENDERS[(i + run) % CONTENDERS.length]);
      for (const contender of order) {
        await emulator.resetStats();
        const report = await runContender(contender, target);
        if (report.count !== n)
          throw new Error(`${contender.id} listed ${report.count} of ${n} repositories`);
        const { listRequests } = await emulator.stats();
        samples.get(contender.id)?.push({ ...report, requests: listRequests });
      }
    }
  } finally {
    await emulator.stop();
  }
  const pages = Math.max(1, Math.ceil(n / 1000));
  const results = CONTENDERS.map((c): CellResult => {
    const s = samples.get(c.id) ?? [];
    const ms = summarize(s.map((r) => r.ms));
    return {
      contender: c.id,
      label: c.label,
      ms,
      cpuMs: summarize(s.map((r) => r.cpuMs)),
      requests: summarize(s.map((r) => r.requests)).median,
      peakRssMiB: summarize(s.map((r) => r.peakRssBytes / 2 ** 20)),
      resultJsonMiB: s[0].resultJsonBytes / 2 ** 20,
      count: s[0].count,
      efficiency:
        c.concurrent && latencyMs > 0 ? (Math.ceil(pages / concurrency) * latencyMs) / ms.median : undefined,
    };
  });
  return { n, latencyMs, results };
}

/** Our client at concurrency 16 against a server that allows 4, compared with our client at 4. */
async function measureThrottling(n: number, latencyMs: number, runs: number) {
  const emulator = await startEmulator([
    "--repos",
    String(n),
    "--latency-ms",
    String(latencyMs),
    "--max-concurrency",
    "4",
    "--seed",
    "1",
  ]);
  const library = ALL_CONTENDERS[0];
  const at = { 4: [] as number[], 16: [] as number[] };
  const throttled: number[] = [];
  try {
    await runContender(library, { ...emulator.target, concurrency: 4 });
    for (let run = 0; run < runs; run++) {
      for (const concurrency of run % 2 ? [16, 4] : [4, 16]) {
        await emulator.resetStats();
        const report = await runContender(library, { ...emulator.target, concurrency });
        if (report.count !== n) throw new Error(`listed ${report.count} of ${n} under throttling`);
        at[concurrency as 4 | 16].push(report.ms);
        if (concurrency === 16) throttled.push((await emulator.stats()).throttled);
      }
    }
  } finally {
    await emulator.stop();
  }
  const four = summarize(at[4]);
  const sixteen = summarize(at[16]);
  return {
    n,
    latencyMs,
    at4: four,
    at16: sixteen,
    ratio: sixteen.median / four.median,
    throttled: summarize(throttled),
  };
}

interface CompressionRow {
  readonly latencyMs: number;
  readonly gzip: { readonly ms: Summary; readonly wireBytes: Summary };
  readonly plain: { readonly ms: Summary; readonly wireBytes: Summary };
}

/**
 * Our client with compression (the default) and without, at `n` repositories and each latency, the
 * bytes on the wire counted by a TCP relay between the client and the emulator (headers included).
 */
async function measureCompression(
  n: number,
  latencies: readonly number[],
  runs: number,
  concurrency: number,
): Promise<{ n: number; rows: CompressionRow[] }> {
  const library = ALL_CONTENDERS[0];
  const rows: CompressionRow[] = [];
  for (const latencyMs of latencies) {
    process.stderr.write(`bench: compression at N=${n} L=${latencyMs}ms …\n`);
    const emulator = await startEmulator([
      "--repos",
      String(n),
      "--latency-ms",
      String(latencyMs),
      "--seed",
      "1",
    ]);
    const relay = await startRelay(emulator.target.url);
    const samples = {
      gzip: { ms: [] as number[], bytes: [] as number[] },
      plain: { ms: [] as number[], bytes: [] as number[] },
    };
    try {
      const target: Target = { ...emulator.target, url: relay.url, concurrency };
      await runContender(library, target);
      for (let run = 0; run < runs; run++) {
        for (const compression of run % 2 ? [false, true] : [true, false]) {
          const before = relay.downstreamBytes();
          const report = await runContender(library, { ...target, compression });
          if (report.count !== n)
            throw new Error(`listed ${report.count} of ${n} (compression ${compression})`);
          const sample = samples[compression ? "gzip" : "plain"];
          sample.ms.push(report.ms);
          sample.bytes.push(relay.downstreamBytes() - before);
        }
      }
    } finally {
      await relay.close();
      await emulator.stop();
    }
    rows.push({
      latencyMs,
      gzip: { ms: summarize(samples.gzip.ms), wireBytes: summarize(samples.gzip.bytes) },
      plain: { ms: summarize(samples.plain.ms), wireBytes: summarize(samples.plain.bytes) },
    });
  }
  return { n, rows };
}

function compressionMarkdown(compression: Awaited<ReturnType<typeof measureCompression>>): string[] {
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const lines = [
    "## Compression",
    "",
    `Our client listing N = ${compression.n.toLocaleString("en")} with \`Accept-Encoding: gzip, deflate, br\` (the default; the`,
    "emulator answers gzip) and with compression off. Bytes on the wire are counted by a TCP relay between",
    "the client and the emulator, headers included.",
    "",
    "| latency | compression | wire MiB | wall ms | wire ratio | time ratio |",
    "| ---: | --- | ---: | ---: | ---: | ---: |",
  ];
  for (const row of compression.rows) {
    lines.push(
      `| ${row.latencyMs} ms | off | ${mib(row.plain.wireBytes.median)} | ${fmt(row.plain.ms)} | 1 | 1 |`,
      `| ${row.latencyMs} ms | gzip | ${mib(row.gzip.wireBytes.median)} | ${fmt(row.gzip.ms)} | ` +
        `${(row.gzip.wireBytes.median / row.plain.wireBytes.median).toFixed(3)} | ` +
        `${(row.gzip.ms.median / row.plain.ms.median).toFixed(2)} |`,
    );
  }
  return lines;
}

function fmt(ms: Summary, digits = 0): string {
  return `${ms.median.toFixed(digits)} (${ms.min.toFixed(digits)}–${ms.max.toFixed(digits)})`;
}

function markdown(
  cells: Cell[],
  throttling: Awaited<ReturnType<typeof measureThrottling>>,
  compression: Awaited<ReturnType<typeof measureCompression>>,
  command: string,
): string {
  const lines = [
    "# Benchmark results",
    "",
    `Made by \`${command}\` on ${new Date().toISOString().slice(0, 10)} (${process.platform}, Node ${process.version}, 2 cores).`,
    "Each contender lists the emulator's complete set in a fresh process; times are the listing alone,",
    "median (min–max) over the runs after one warm-up. Requests are counted by the emulator.",
    "",
    "| N | latency | contender | wall ms | client CPU ms | requests | peak RSS MiB | vs official | efficiency |",
    "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const cell of cells) {
    const official = cell.results.find((r) => r.contender === "official");
    for (const r of cell.results) {
      lines.push(
        `| ${cell.n.toLocaleString("en")} | ${cell.latencyMs} ms | ${r.label} | ${fmt(r.ms)} | ${fmt(r.cpuMs)} | ${r.requests} | ` +
          `${fmt(r.peakRssMiB)} | ${official ? (r.ms.median / official.ms.median).toFixed(2) + "×" : ""} | ` +
          `${r.efficiency === undefined ? "" : r.efficiency.toFixed(2)} |`,
      );
    }
  }
  lines.push(
    "",
    "Efficiency is `ceil(pages / concurrency) × latency / wall time`: 1.0 would be the latency limit itself.",
    "",
    "## Throttling",
    "",
    `The emulator allows 4 concurrent requests (N = ${throttling.n.toLocaleString("en")}, latency ${throttling.latencyMs} ms).`,
    "",
    "| client concurrency | wall ms | 429s answered |",
    "| ---: | ---: | ---: |",
    `| 4 | ${fmt(throttling.at4)} | 0 |`,
    `| 16 (adapts) | ${fmt(throttling.at16)} | ${fmt(throttling.throttled)} |`,
    "",
    `Ratio 16 / 4: **${throttling.ratio.toFixed(2)}×** (target ≤ 1.5×); every listing was complete.`,
    "",
    ...compressionMarkdown(compression),
  );
  return lines.join("\n") + "\n";
}

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

async function main(): Promise<void> {
  const sizes = flag("sizes", "1000,10000,100000").split(",").map(Number);
  const latencies = flag("latencies", "0,25").split(",").map(Number);
  const runs = Number(flag("runs", "5"));
  const concurrency = Number(flag("concurrency", "8"));
  const command = `npm run bench${process.argv.length > 2 ? " -- " + process.argv.slice(2).join(" ") : ""}`;
  const largest = Math.max(...sizes);
  if (flag("only", "") === "compression") {
    const compression = await measureCompression(largest, latencies, runs, concurrency);
    const results = { command, date: new Date().toISOString(), runs, concurrency, compression };
    writeFileSync(path.join(ROOT, "bench", "compression.json"), JSON.stringify(results, null, 2) + "\n");
    process.stdout.write(
      [`Made by \`${command}\`.`, "", ...compressionMarkdown(compression)].join("\n") + "\n",
    );
    return;
  }
  const cells: Cell[] = [];
  for (const n of sizes) {
    for (const latencyMs of latencies) {
      process.stderr.write(`bench: N=${n} L=${latencyMs}ms …\n`);
      cells.push(await measureCell(n, latencyMs, runs, concurrency));
    }
  }
  process.stderr.write(`bench: throttling at N=${largest} …\n`);
  const throttling = await measureThrottling(largest, Math.max(...latencies), runs);
  const compression = await measureCompression(largest, latencies, runs, concurrency);
  const results = {
    command,
    date: new Date().toISOString(),
    runs,
    concurrency,
    cells,
    throttling,
    compression,
  };
  writeFileSync(path.join(ROOT, "bench", "results.json"), JSON.stringify(results, null, 2) + "\n");
  // The hand-written analysis of the targets (bench/NOTES.md) follows the generated tables.
  const notes = path.join(ROOT, "bench", "NOTES.md");
  const analysis = existsSync(notes) ? "\n" + readFileSync(notes, "utf8") : "";
  writeFileSync(
    path.join(ROOT, "bench", "RESULTS.md"),
    markdown(cells, throttling, compression, command) + analysis,
  );
  process.stdout.write(markdown(cells, throttling, compression, command));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
