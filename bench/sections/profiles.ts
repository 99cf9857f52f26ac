import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Target } from "../contenders/common";
import { contender, runContender, startEmulator, timeToFirstLine } from "../lib/processes";
import { DIST, HOME, progress, PROVIDER, ROOT } from "../lib/util";
import { profilesIn, summarizeProfileFile } from "../profileSummary";

const fenced = (text: string) => "```text\n" + text + "\n```";

/** Node flags that write a CPU profile into `dir` on exit (SIGTERM included). */
function cpuProf(dir: string): string[] {
  return ["--cpu-prof", "--cpu-prof-dir", dir, "-r", path.join(DIST, "bench", "lib", "exitOnSignal.js")];
}

/** Lists `contenders` once each with a CPU profile; for the plugin, of both processes. */
export async function profileListing(
  ids: readonly string[],
  spec: { n: number; latencyMs: number; unstableTies?: boolean; concurrency: number },
): Promise<string[]> {
  const emulator = await startEmulator({
    repos: spec.n,
    latencyMs: spec.latencyMs,
    unstableTies: spec.unstableTies,
  });
  const target: Target = { ...emulator.target, concurrency: spec.concurrency };
  const parts: string[] = [];
  try {
    for (const id of ids) {
      const dir = mkdtempSync(path.join(tmpdir(), `pulumi-swr-prof-${id}-`));
      const pluginDir = path.join(dir, "plugin");
      try {
        await runContender(contender(id), target); // warm the emulator and the page cache
        const report = await runContender(contender(id), target, {
          nodeArgs: cpuProf(dir),
          env: id === "plugin" ? { BENCH_PLUGIN_NODE_ARGS: JSON.stringify(cpuProf(pluginDir)) } : {},
        });
        const what =
          id === "cli"
            ? "the CLI process"
            : id === "plugin"
              ? "the program's side (bench process)"
              : `the ${id} process`;
        parts.push(
          `### ${id}: ${what}, ${report.ms.toFixed(0)} ms (process ${report.processMs.toFixed(0)} ms)`,
        );
        for (const file of profilesIn(dir)) parts.push(fenced(summarizeProfileFile(file, ROOT)));
        if (id === "plugin") {
          parts.push(`### plugin: the plugin process (listing, packing, encoding the answer)`);
          for (const file of profilesIn(pluginDir)) parts.push(fenced(summarizeProfileFile(file, ROOT)));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await emulator.stop();
  }
  return parts;
}

async function waitFor(done: () => boolean, timeoutMs = 5000): Promise<void> {
  for (const until = Date.now() + timeoutMs; !done() && Date.now() < until;)
    await new Promise((resolve) => setTimeout(resolve, 50));
}

/** The CommonJS modules a process had loaded, by package: how many files and how many bytes of source. */
function moduleCensus(files: readonly string[]): string {
  const byPackage = new Map<string, { files: number; bytes: number }>();
  for (const file of files) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    const where = match ? match[1] : file.startsWith(ROOT) ? "(this repository)" : "(elsewhere)";
    const entry = byPackage.get(where) ?? { files: 0, bytes: 0 };
    entry.files++;
    entry.bytes += existsSync(file) ? statSync(file).size : 0;
    byPackage.set(where, entry);
  }
  const total = [...byPackage.values()].reduce((a, b) => ({
    files: a.files + b.files,
    bytes: a.bytes + b.bytes,
  }));
  return [
    `modules loaded by the port line: ${total.files} files, ${(total.bytes / 2 ** 20).toFixed(1)} MiB of source; by package:`,
    ...[...byPackage]
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .slice(0, 25)
      .map(
        ([where, e]) =>
          `  ${(e.bytes / 1024).toFixed(0).padStart(7)} KiB  ${String(e.files).padStart(5)} files  ${where}`,
      ),
  ].join("\n");
}

/** The plugin and the bare gRPC server, each from spawn to its port line, profiled. */
async function profileStart(): Promise<string[]> {
  const parts: string[] = [];
  const env = { PATH: process.env.PATH ?? "", HOME };
  for (const [name, script] of [
    ["plugin", PROVIDER],
    ["bare gRPC server", path.join(DIST, "bench", "bareGrpc.js")],
  ] as const) {
    const dir = mkdtempSync(path.join(tmpdir(), "pulumi-swr-prof-start-"));
    try {
      const census = path.join(dir, "modules.json");
      await timeToFirstLine(process.execPath, [script], env, "SIGTERM");
      const { ms } = await timeToFirstLine(
        process.execPath,
        [...cpuProf(dir), script],
        { ...env, BENCH_MODULE_CENSUS: census },
        "SIGTERM",
      );
      await waitFor(() => existsSync(census) && profilesIn(dir).length > 0);
      parts.push(
        `### ${name}: port line after ${ms.toFixed(0)} ms (profiled; the profile runs until SIGTERM)`,
      );
      for (const file of profilesIn(dir)) parts.push(fenced(summarizeProfileFile(file, ROOT)));
      if (existsSync(census))
        parts.push(fenced(moduleCensus(JSON.parse(readFileSync(census, "utf8")) as string[])));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return parts;
}

/** What each target's profile records. */
const RECIPES: Record<
  string,
  { readonly about: string; readonly run: (concurrency: number) => Promise<string[]> }
> = {
  "cli-20k": {
    about: "the CLI and the official SDK's contender listing 20,000 repositories at 100 ms, ties reordered",
    run: (concurrency) =>
      profileListing(["cli", "official"], { n: 20_000, latencyMs: 100, unstableTies: true, concurrency }),
  },
  "cli-100k": {
    about: "the CLI and the official SDK's contender listing 100,000 repositories at 100 ms, ties reordered",
    run: (concurrency) =>
      profileListing(["cli", "official"], { n: 100_000, latencyMs: 100, unstableTies: true, concurrency }),
  },
  "plugin-ready": { about: "the plugin's start against a bare gRPC server's", run: () => profileStart() },
  invoke: {
    about: "the plugin Invoke (both processes) and the library, 100,000 repositories at 25 ms",
    run: (concurrency) => profileListing(["plugin", "library"], { n: 100_000, latencyMs: 25, concurrency }),
  },
  "zero-latency": {
    about: "the library and the plugin Invoke, 100,000 repositories at 0 ms",
    run: (concurrency) => profileListing(["library", "plugin"], { n: 100_000, latencyMs: 0, concurrency }),
  },
};

/** The summary text of target `id`'s profile, or undefined when there is no recipe for it. */
export async function profileTarget(
  id: string,
  concurrency: number,
  command: string,
): Promise<string | undefined> {
  const recipe = RECIPES[id];
  if (!recipe) return undefined;
  progress(`profiling ${id}: ${recipe.about} …`);
  const parts = await recipe.run(concurrency);
  return [
    `# Profile: ${id}`,
    "",
    `${recipe.about}; \`node --cpu-prof\`, summarised by bench/profileSummary.ts.`,
    `Made by \`${command}\` on ${new Date().toISOString().slice(0, 10)}. Self time: time in the function itself,`,
    "not in what it calls; `(garbage collector)` and `(program)` are V8's own.",
    "",
    ...parts.flatMap((p) => [p, ""]),
  ].join("\n");
}
