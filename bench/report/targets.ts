import type { Baseline, Results } from "../results";
import type { Cell } from "../sections/matrix";
import { thousands } from "../lib/util";

/** One target of the performance issue, with its figure from the results. */
export interface TargetRow {
  readonly id: string;
  readonly target: string;
  /** The figure, or `not measured` when its section has not run. */
  readonly figure: string;
  /** Undefined when not measured. */
  readonly met?: boolean;
}

/** How much slower than today a contender at 0 ms may be (relative to the official SDK) and still count as not slower. */
export const NOISE = 0.1;

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

function cellOf(cells: readonly Cell[] | undefined, n: number, latencyMs: number, ties: boolean) {
  return cells?.find((c) => c.n === n && c.latencyMs === latencyMs && c.unstableTies === ties);
}

function result(cell: Cell | undefined, id: string) {
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

/** Every target of the performance issue, in its order. */
export function targetRows(results: Results, baseline: Baseline): TargetRow[] {
  const s = results.sections;
  const rows: TargetRow[] = [];
  const notMeasured = (id: string, target: string) => rows.push({ id, target, figure: "not measured" });

  for (const [id, n, limit] of [
    ["cli-20k", 20_000, 0.3],
    ["cli-100k", 100_000, 0.12],
  ] as const) {
    const target = `${thousands(n)} repositories, 100 ms latency, ties reordered on every request: the CLI ≤ ${limit}× the official SDK's wall time`;
    const cell = cellOf(s.ties?.data.cells, n, 100, true);
    const cli = result(cell, "cli");
    const official = result(cell, "official");
    const library = result(cell, "library");
    if (!cli || !official) {
      notMeasured(id, target);
      continue;
    }
    const figure =
      `${ratio(cli.processMs.median, official.processMs.median)} (${cli.processMs.median.toFixed(0)} against ` +
      `${official.processMs.median.toFixed(0)} ms, whole processes); listing alone, library ` +
      `${library ? ratio(library.ms.median, official.ms.median) : "?"}; the official SDK listed ` +
      `${official.complete} of ${official.runs} runs exactly`;
    rows.push({ id, target, figure, met: cli.processMs.median / official.processMs.median <= limit });
  }

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

  const invokeTarget = "plugin Invoke ≤ 1.3× the library at 100,000 repositories, 25 ms";
  const invokeCell = cellOf(s.matrix?.data.cells, 100_000, 25, false);
  const plugin = result(invokeCell, "plugin");
  const library = result(invokeCell, "library");
  if (plugin && library)
    rows.push({
      id: "invoke",
      target: invokeTarget,
      figure: `${ratio(plugin.ms.median, library.ms.median)} (${plugin.ms.median.toFixed(0)} against ${library.ms.median.toFixed(0)} ms)`,
      met: plugin.ms.median / library.ms.median <= 1.3,
    });
  else notMeasured("invoke", invokeTarget);

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
