import type { Target } from "../contenders/common";
import { Contender, Measured, runContender, startEmulator } from "../lib/processes";
import { latencyLimit, progress, Summary, summarize } from "../lib/util";

export interface CellResult {
  readonly contender: string;
  readonly label: string;
  /** The listing alone (the CLI: its whole process), ms. */
  readonly ms: Summary;
  /** Spawn to exit of the contender's process, ms. */
  readonly processMs: Summary;
  readonly cpuMs: Summary;
  readonly requests: number;
  readonly peakRssMiB: Summary;
  readonly resultJsonMiB: number;
  /** Distinct repositories listed (median); the emulator holds `n`. */
  readonly count: number;
  /** Runs that listed exactly `n` distinct repositories, of `runs`. */
  readonly complete: number;
  readonly runs: number;
  readonly efficiency?: number;
}

export interface Cell {
  readonly n: number;
  readonly latencyMs: number;
  readonly unstableTies: boolean;
  readonly concurrency: number;
  readonly results: CellResult[];
}

export interface CellSpec {
  readonly n: number;
  readonly latencyMs: number;
  readonly runs: number;
  readonly concurrency: number;
  readonly contenders: readonly Contender[];
  readonly unstableTies?: boolean;
  /** Contenders allowed to list other than `n` (a sequential pager against reordered ties). */
  readonly mayBeIncomplete?: ReadonlySet<string>;
  /** Skip the discarded warm-up of these (the slowest), to keep the run short. */
  readonly noWarmUp?: ReadonlySet<string>;
}

/**
 * One (N, latency) cell: the emulator in its own process, each contender listing it completely in a
 * fresh process, contenders alternating run by run after one discarded warm-up each.
 */
export async function measureCell(spec: CellSpec): Promise<Cell> {
  const { n, latencyMs, runs, concurrency, contenders } = spec;
  progress(`N=${n} L=${latencyMs}ms${spec.unstableTies ? " ties reordered" : ""} …`);
  const emulator = await startEmulator({ repos: n, latencyMs, unstableTies: spec.unstableTies });
  const target: Target = { ...emulator.target, concurrency };
  const samples = new Map<string, Array<Measured & { requests: number }>>(contenders.map((c) => [c.id, []]));
  try {
    for (const c of contenders) if (!spec.noWarmUp?.has(c.id)) await runContender(c, target);
    for (let run = 0; run < runs; run++) {
      // Alternate who goes first, so no contender always follows the same one.
      const order = contenders.map((_, i) => contenders[(i + run) % contenders.length]);
      for (const c of order) {
        await emulator.resetStats();
        const report = await runContender(c, target);
        if (report.count !== n && !spec.mayBeIncomplete?.has(c.id))
          throw new Error(`${c.id} listed ${report.count} of ${n} repositories`);
        const { listRequests } = await emulator.stats();
        samples.get(c.id)?.push({ ...report, requests: listRequests });
      }
    }
  } finally {
    await emulator.stop();
  }
  const results = contenders.map((c): CellResult => {
    const s = samples.get(c.id) ?? [];
    const ms = summarize(s.map((r) => r.ms));
    return {
      contender: c.id,
      label: c.label,
      ms,
      processMs: summarize(s.map((r) => r.processMs)),
      cpuMs: summarize(s.map((r) => r.cpuMs)),
      requests: summarize(s.map((r) => r.requests)).median,
      peakRssMiB: summarize(s.map((r) => r.peakRssBytes / 2 ** 20)),
      resultJsonMiB: s[0].resultJsonBytes / 2 ** 20,
      count: summarize(s.map((r) => r.count)).median,
      complete: s.filter((r) => r.count === n).length,
      runs: s.length,
      efficiency:
        c.concurrent && latencyMs > 0 ? latencyLimit(n, latencyMs, concurrency) / ms.median : undefined,
    };
  });
  return { n, latencyMs, unstableTies: spec.unstableTies ?? false, concurrency, results };
}
