import type { Baseline, Results } from "../results";
import type { Cell } from "../sections/matrix";
import { ISSUE_COMMIT } from "../lib/issueCli";
import { thousands } from "../lib/util";

/** One target of the performance issue, with its figure from the results. */
export interface TargetRow {
  readonly id: string;
  readonly target: string;
  /** The figure, or `not measured` when its section has not run. */
  readonly figure: string;
  /** Undefined when not measured. */
  readonly met?: boolean;
  /** The profile that shows where a missed target's time goes, when it is not the one named `id`. */
  readonly profile?: string;
}

/** How much slower than today a contender at 0 ms may be (relative to the official SDK) and still count as not slower. */
export const NOISE = 0.1;

/** `a` as a multiple of `b`, as the reports write it: `0.45×`. */
export const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/** The cell of `cells` at size `n` and `latencyMs`, on a server that reorders ties or not. */
export function cellOf(cells: readonly Cell[] | undefined, n: number, latencyMs: number, ties: boolean) {
  return cells?.find((c) => c.n === n && c.latencyMs === latencyMs && c.unstableTies === ties);
}

/** The figures of contender `id` in `cell`. */
export function result(cell: Cell | undefined, id: string) {
  return cell?.results.find((r) => r.contender === id);
}

/** A change at 0 ms: ours against the official SDK, now and in the baseline. */
export interface ZeroLatencyRow {
  readonly n: number;
  readonly contender: string;
  readonly nowMs: number;
  readonly thenMs: number;
  readonly nowRatio: number;
  readonly thenRatio: number;
  /** nowRatio / thenRatio − 1. */
  readonly change: number;
}

export function zeroLatencyRows(results: Results, baseline: Baseline): ZeroLatencyRow[] {
  const rows: ZeroLatencyRow[] = [];
  for (const then of baseline.cells) {
    const cell = cellOf(results.sections.matrix?.data.cells, then.n, 0, false);
    const official = result(cell, "official");
    if (!cell || !official || then.ms.official === undefined) continue;
    for (const r of cell.results) {
      const thenMs = then.ms[r.contender];
      // Ours only: the old route (legacy) is a reference, not something users run.
      if (thenMs === undefined || !["library", "plugin", "cli"].includes(r.contender)) continue;
      const nowRatio = r.ms.median / official.ms.median;
      const thenRatio = thenMs / then.ms.official;
      rows.push({
        n: then.n,
        contender: r.contender,
        nowMs: r.ms.median,
        thenMs,
        nowRatio,
        thenRatio,
        change: nowRatio / thenRatio - 1,
      });
    }
  }
  return rows;
}

/** The client CPU per 1,000 repositories of one contender, from two sizes (see {@link cpuPer1000}). */
export interface CpuPer1000 {
  readonly contender: string;
  readonly ms: number;
}

/**
 * Client CPU per 1,000 repositories listed: the CPU time's growth between the smallest and the
 * largest size of the ties section, per 1,000 repositories of the difference. The slope leaves out
 * what every run pays once (Node's start-up, loading modules, the first page's round trip), so what
 * remains is parsing, reading, de-duplicating, sorting and (the CLI) rendering and writing each row.
 * The CLIs' and the bare script's are their whole processes; the library's and the official SDK's
 * their listing alone.
 */
export function cpuPer1000(results: Results): CpuPer1000[] {
  const cells = (results.sections.ties?.data.cells ?? []).filter((c) => c.unstableTies);
  if (cells.length < 2) return [];
  const small = cells.reduce((a, b) => (b.n < a.n ? b : a));
  const large = cells.reduce((a, b) => (b.n > a.n ? b : a));
  const rows: CpuPer1000[] = [];
  for (const id of small.results.map((r) => r.contender)) {
    const [a, b] = [result(small, id), result(large, id)];
    if (!a || !b || !Number.isFinite(a.cpuMs.median) || !Number.isFinite(b.cpuMs.median)) continue;
    rows.push({ contender: id, ms: ((b.cpuMs.median - a.cpuMs.median) / (large.n - small.n)) * 1000 });
  }
  return rows;
}

/** Every target of the performance issue, in its order: the issue's table first. */
export function targetRows(results: Results, baseline: Baseline): TargetRow[] {
  const s = results.sections;
  const rows: TargetRow[] = [];
  const notMeasured = (id: string, target: string) => rows.push({ id, target, figure: "not measured" });

  for (const [id, n, limit] of [
    ["cli-20k", 20_000, 0.25],
    ["cli-100k", 100_000, 0.2],
  ] as const) {
    const target = `\`swr-repos list --format json\`, ${thousands(n)} repositories, 100 ms latency, ties reordered on every request: ≤ ${limit}× the official SDK's process`;
    const cell = cellOf(s.ties?.data.cells, n, 100, true);
    const cli = result(cell, "cli");
    const official = result(cell, "official");
    const library = result(cell, "library");
    const bare = result(cell, "bare");
    if (!cli || !official) {
      notMeasured(id, target);
      continue;
    }
    const ofOfficial = (ms: number) => ratio(ms, official.processMs.median);
    const bareText = bare
      ? `; (f), a bare Node script doing only the listing's work, ${ofOfficial(bare.processMs.median)} ` +
        `(${bare.processMs.median.toFixed(0)} ms), the CLI ${ratio(cli.processMs.median, bare.processMs.median)} it`
      : "";
    const figure =
      `${ofOfficial(cli.processMs.median)} (${cli.processMs.median.toFixed(0)} against ` +
      `${official.processMs.median.toFixed(0)} ms, whole processes)${bareText}; listing alone, library ` +
      `${library ? ratio(library.ms.median, official.ms.median) : "?"}; the official SDK listed ` +
      `${official.complete} of ${official.runs} runs exactly`;
    rows.push({ id, target, figure, met: cli.processMs.median / official.processMs.median <= limit });
  }

  const invokeTarget = "plugin `Invoke` against the library, 100,000 repositories at 25 ms: ≤ 1.2×";
  const invokeCell = cellOf(s.matrix?.data.cells, 100_000, 25, false);
  const plugin = result(invokeCell, "plugin");
  const library = result(invokeCell, "library");
  const floor = s.invokeFloor?.data;
  if (plugin && library) {
    let floorText = "";
    if (floor) {
      // A unary answer is whole only after the listing; the program then decodes it and builds the
      // rows (the fastest of the three ways the invoke-floor section times).
      const build = Math.min(floor.unpack.median, floor.build.median, floor.parse.median);
      const floorMs = library.ms.median + floor.decode.median + build;
      floorText =
        `; a unary \`Invoke\` here takes at least ${ratio(floorMs, library.ms.median)}: the library's listing, then ` +
        `google-protobuf's decoding of the answer (${floor.decode.median.toFixed(0)} ms) and the fastest build of the ` +
        `rows timed (${build.toFixed(0)} ms: ours ${floor.unpack.median.toFixed(0)}, a plain one ` +
        `${floor.build.median.toFixed(0)}, V8's \`JSON.parse\` ${floor.parse.median.toFixed(0)}); without the ` +
        `decoding, ${ratio(library.ms.median + build, library.ms.median)}`;
    }
    rows.push({
      id: "invoke",
      target: invokeTarget,
      figure:
        `${ratio(plugin.ms.median, library.ms.median)} (${plugin.ms.median.toFixed(0)} against ${library.ms.median.toFixed(0)} ms)` +
        floorText,
      met: plugin.ms.median / library.ms.median <= 1.2,
    });
  } else notMeasured("invoke", invokeTarget);

  const cliStart = s.cliStart?.data;
  const helpTarget = "`swr-repos --help`, whole process, against `node -e 0`: ≤ 1.5×";
  if (cliStart)
    rows.push({
      id: "cli-help",
      target: helpTarget,
      figure:
        `${cliStart.ratio.toFixed(2)}× (${cliStart.help.median.toFixed(0)} against ${cliStart.bare.median.toFixed(0)} ms); ` +
        `a bad flag ${ratio(cliStart.badFlag.median, cliStart.bare.median)}, the emulator's first line ` +
        `${ratio(cliStart.emulator.median, cliStart.bare.median)}`,
      met: cliStart.ratio <= 1.5,
    });
  else notMeasured("cli-help", helpTarget);

  const cpu = cpuPer1000(results);
  const cpuOf = (id: string) => cpu.find((c) => c.contender === id)?.ms;
  const [cliCpu, issueCpu, officialCpu] = [cpuOf("cli"), cpuOf("cli-issue"), cpuOf("official")];
  const cpuTarget =
    "client CPU per 1,000 repositories listed (parse, read, de-duplicate, sort, render), the CLI: ≤ half " +
    `the CLI's the issue measured (commit ${ISSUE_COMMIT}), run beside it`;
  if (cliCpu !== undefined) {
    const peers: Array<[string, number | undefined]> = [
      ["the issue's CLI", issueCpu],
      ["the bare script (f)", cpuOf("bare")],
      ["the library's listing", cpuOf("library")],
      ["the official SDK's", officialCpu],
    ];
    const others = peers
      .flatMap(([who, ms]) => (ms === undefined ? [] : [`${who} ${ms.toFixed(1)} ms`]))
      .join(", ");
    const ratios = [
      issueCpu !== undefined ? `${ratio(cliCpu, issueCpu)} the issue's CLI` : "",
      officialCpu !== undefined ? `${ratio(cliCpu, officialCpu)} the official SDK's` : "",
    ]
      .filter(Boolean)
      .join(" and ");
    rows.push({
      id: "cpu-per-1000",
      // The CLI at the largest size: where the CPU per row is most of the process's.
      profile: "cli-100k",
      target: cpuTarget,
      figure: `${cliCpu.toFixed(1)} ms${ratios ? `, ${ratios}` : ""}${others ? ` (${others})` : ""}`,
      // Unjudged without the issue's CLI in the same run: ms from two runs would measure the machine.
      met: issueCpu !== undefined ? cliCpu / issueCpu <= 0.5 : undefined,
    });
  } else notMeasured("cpu-per-1000", cpuTarget);

  const throttling = s.throttling?.data;
  const throttlingTarget =
    "throttled at 4, client at 16: ≤ 1.12× the time at 4 (no worse than before the issue)";
  if (throttling)
    rows.push({
      id: "throttling",
      target: throttlingTarget,
      figure: `${throttling.ratio.toFixed(2)}× (${throttling.at16.median.toFixed(0)} against ${throttling.at4.median.toFixed(0)} ms)`,
      met: throttling.ratio <= 1.12,
    });
  else notMeasured("throttling", throttlingTarget);

  const start = s.pluginStart?.data;
  const startTarget = "plugin ready (port on stdout) ≤ 2× a bare Node gRPC server started the same way";
  if (start)
    rows.push({
      id: "plugin-ready",
      target: startTarget,
      figure: `${start.ratio.toFixed(2)}× (${start.plugin.median.toFixed(0)} against ${start.bare.median.toFixed(0)} ms)`,
      met: start.ratio <= 2,
    });
  else notMeasured("plugin-ready", startTarget);

  const zeroTarget = `nothing slower than today at 0 ms (ours against the official SDK, within ${NOISE * 100}%)`;
  const zero = zeroLatencyRows(results, baseline);
  if (zero.length > 0) {
    const worst = zero.reduce((a, b) => (b.change > a.change ? b : a));
    const sign = worst.change >= 0 ? "+" : "";
    rows.push({
      id: "zero-latency",
      target: zeroTarget,
      figure: `worst ${sign}${(worst.change * 100).toFixed(0)}% (${worst.contender} at ${thousands(worst.n)}: ${worst.nowRatio.toFixed(2)}× against ${worst.thenRatio.toFixed(2)}×)`,
      met: worst.change <= NOISE,
    });
  } else notMeasured("zero-latency", zeroTarget);
  return rows;
}
