import { DEFAULT_CONCURRENCY } from "../sdk/client/http/requestPath";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { format, resolveConfig } from "prettier";
import * as path from "node:path";
import { CONTENDERS } from "./lib/processes";
import { flag, hasFlag, numbers, progress, ROOT, Stamped } from "./lib/util";
import { chartSvg } from "./report/chart";
import { resultsMarkdown } from "./report/markdown";
import { readmePerformance, withPerformance } from "./report/readme";
import { targetRows } from "./report/targets";
import type { Baseline, Results, Sections } from "./results";
import { measureCliStart } from "./sections/cliStart";
import { measureCompression } from "./sections/compression";
import { measureInventory } from "./sections/inventory";
import { measureInvokeFloor } from "./sections/invokeFloor";
import { Cell, measureCell } from "./sections/matrix";
import { measurePluginStart } from "./sections/pluginStart";
import { measurePreview } from "./sections/preview";
import { profileTarget } from "./sections/profiles";
import { measureThrottling } from "./sections/throttling";
import { measureTies } from "./sections/ties";

/**
 * The benchmark (`npm run bench [-- FLAGS]`). Every listing runs in a fresh process against the
 * emulator in its own process. Sections (all by default, in this order):
 *
 *   matrix        every contender at each size × latency        --sizes 1000,10000,100000 --latencies 0,25
 *                                                              --runs 5 --concurrency 16 --contenders a,b
 *   ties          CLI (today's and the issue's), library, official SDK against a server that reorders ties
 *                                                              --ties-sizes 20000,100000 --ties-latency 100
 *                                                              --ties-runs 5 --ties-slow-runs 3
 *   cli-start     swr-repos --help, a bad flag, the emulator against node -e 0
 *                                                              --cli-start-runs 15
 *   plugin-start  the plugin's start against a bare gRPC server  --start-runs 15
 *   preview       `pulumi preview` (real CLI) of examples/image-paths against the official SDK's program
 *                                                              --preview-repos 20000 --preview-latency 100
 *                                                              --preview-runs 3
 *   inventory     RepositoryInventory against getRepositoriesOutput with the real CLI: up, preview, refresh,
 *                 checkpoint size, CLI peak memory              --inventory-sizes 20000,50000,100000
 *                                                              --inventory-runs 3
 *   invoke-floor  the program's side of the plugin Invoke, each part in a fresh process: google-protobuf's
 *                 decoding, our unpacking, a plain build, V8's JSON.parse  (largest size; --runs)
 *   throttling    concurrency 16 against a server allowing 4    (largest size, largest latency)
 *   compression   our client with and without compression       (largest size, each latency)
 *   profiles      a CPU profile of each missed target            (--profile-targets id,… forces some)
 *
 * `--only a,b` runs some sections, `--skip a,b` all but some; `--no-profile` skips the profiles of a
 * full run; `--report` runs none and writes the report again. Results are merged into OUT/results.json (each section keeps its latest result), and
 * OUT/RESULTS.md and OUT/chart.svg are written from it; OUT is `--out DIR`, default bench/.
 */

const SECTIONS = [
  "matrix",
  "ties",
  "cli-start",
  "plugin-start",
  "preview",
  "inventory",
  "invoke-floor",
  "throttling",
  "compression",
  "profiles",
] as const;
type Section = (typeof SECTIONS)[number];

function selectedSections(): Set<Section> {
  // Only the report: RESULTS.md and the chart again from results.json (after editing NOTES.md).
  if (hasFlag("report")) return new Set();
  const only = flag("only", "");
  const skip = new Set(flag("skip", "").split(",").filter(Boolean));
  const chosen = only ? only.split(",") : SECTIONS.filter((s) => !skip.has(s));
  for (const s of [...chosen, ...skip])
    if (!(SECTIONS as readonly string[]).includes(s))
      throw new Error(`unknown section ${s}; sections: ${SECTIONS.join(", ")}`);
  const set = new Set(chosen as Section[]);
  if (!only && hasFlag("no-profile")) set.delete("profiles");
  return set;
}

function readResults(file: string): Results {
  const fresh: Results = {
    version: 2,
    machine: { platform: process.platform, node: process.version, cpus: cpus().length },
    sections: {},
    profiles: {},
  };
  if (!existsSync(file)) return fresh;
  const previous = JSON.parse(readFileSync(file, "utf8")) as Partial<Results>;
  // An earlier format (one run, no sections) is not merged: this run starts the file afresh.
  return previous.version === 2
    ? { ...fresh, sections: previous.sections ?? {}, profiles: previous.profiles ?? {} }
    : fresh;
}

async function main(): Promise<void> {
  const sections = selectedSections();
  const out = path.resolve(flag("out", path.join(ROOT, "bench")));
  mkdirSync(out, { recursive: true });
  const command = `npm run bench${process.argv.length > 2 ? " -- " + process.argv.slice(2).join(" ") : ""}`;
  const stamp = <T>(data: T): Stamped<T> => ({ command, date: new Date().toISOString(), data });
  const results = readResults(path.join(out, "results.json"));
  const s: Sections = results.sections;
  // Saved after each section, so a failure later in a long run keeps what was measured.
  const save = () => writeFileSync(path.join(out, "results.json"), JSON.stringify(results, null, 2) + "\n");

  const sizes = numbers("sizes", "1000,10000,100000");
  const latencies = numbers("latencies", "0,25");
  const runs = Number(flag("runs", "5"));
  // The client's own default, which the plugin and the CLI use too.
  const concurrency = Number(flag("concurrency", String(DEFAULT_CONCURRENCY)));
  const largest = Math.max(...sizes);

  if (sections.has("matrix")) {
    const byDefault = CONTENDERS.filter((c) => !c.tiesOnly).map((c) => c.id);
    const wanted = new Set(flag("contenders", byDefault.join()).split(","));
    const contenders = CONTENDERS.filter((c) => c.id === "library" || wanted.has(c.id));
    const cells: Cell[] = [];
    for (const n of sizes)
      for (const latencyMs of latencies)
        cells.push(await measureCell({ n, latencyMs, runs, concurrency, contenders }));
    s.matrix = stamp({ runs, concurrency, cells });
    save();
  }
  if (sections.has("ties")) {
    const spec = {
      sizes: numbers("ties-sizes", "20000,100000"),
      latencyMs: Number(flag("ties-latency", "100")),
      runs: Number(flag("ties-runs", "5")),
      slowRuns: Number(flag("ties-slow-runs", "3")),
      concurrency,
    };
    s.ties = stamp({ runs: spec.runs, slowRuns: spec.slowRuns, cells: await measureTies(spec) });
    save();
  }
  if (sections.has("cli-start")) {
    s.cliStart = stamp(await measureCliStart(Number(flag("cli-start-runs", "15"))));
    save();
  }
  if (sections.has("plugin-start")) {
    s.pluginStart = stamp(await measurePluginStart(Number(flag("start-runs", "15"))));
    save();
  }
  if (sections.has("preview")) {
    s.preview = stamp(
      await measurePreview(
        Number(flag("preview-repos", "20000")),
        Number(flag("preview-latency", "100")),
        Number(flag("preview-runs", "3")),
      ),
    );
    save();
  }
  if (sections.has("inventory")) {
    const sizes = numbers("inventory-sizes", "20000,50000,100000");
    s.inventory = stamp(await measureInventory(sizes, Number(flag("inventory-runs", "3"))));
    save();
  }
  if (sections.has("invoke-floor")) {
    s.invokeFloor = stamp(await measureInvokeFloor(largest, runs));
    save();
  }
  if (sections.has("throttling")) {
    s.throttling = stamp(await measureThrottling(largest, Math.max(...latencies), runs));
    save();
  }
  if (sections.has("compression")) {
    s.compression = stamp(await measureCompression(largest, latencies, runs, concurrency));
    save();
  }

  const baseline = JSON.parse(readFileSync(path.join(ROOT, "bench", "baseline.json"), "utf8")) as Baseline;
  if (sections.has("profiles")) {
    const forced = flag("profile-targets", "").split(",").filter(Boolean);
    const rows = targetRows(results, baseline);
    const ids = forced.length > 0 ? forced : rows.filter((r) => r.met === false).map((r) => r.id);
    mkdirSync(path.join(out, "profiles"), { recursive: true });
    for (const id of ids) {
      const text = await profileTarget(id, concurrency, command);
      if (text === undefined) {
        progress(`no profile recipe for ${id}`);
        continue;
      }
      writeFileSync(path.join(out, "profiles", `${id}.md`), text);
      results.profiles[id] = { file: `profiles/${id}.md`, date: new Date().toISOString() };
    }
    // A profile of a target now met explains nothing any more.
    for (const row of rows)
      if (row.met === true && results.profiles[row.id]) {
        rmSync(path.join(out, results.profiles[row.id].file), { force: true });
        delete results.profiles[row.id];
      }
  }

  save();
  const svg = chartSvg(results);
  if (svg) writeFileSync(path.join(out, "chart.svg"), svg);
  const markdown = resultsMarkdown(results, baseline, svg !== undefined);
  // The hand-written analysis of the targets (bench/NOTES.md) follows the generated tables.
  const notes = path.join(ROOT, "bench", "NOTES.md");
  const analysis = existsSync(notes) ? "\n" + readFileSync(notes, "utf8") : "";
  writeFileSync(path.join(out, "RESULTS.md"), markdown + analysis);
  // The README's figures follow the committed results only: a trial written elsewhere leaves it alone.
  if (out === path.join(ROOT, "bench")) {
    const readme = path.join(ROOT, "README.md");
    // Formatted as `npm run lint` holds it, so a regenerated README passes lint as it is.
    const text = withPerformance(readFileSync(readme, "utf8"), readmePerformance(results, baseline));
    writeFileSync(readme, await format(text, { ...(await resolveConfig(readme)), filepath: readme }));
  }
  process.stdout.write(markdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
