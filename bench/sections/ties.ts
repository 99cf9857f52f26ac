import { contender } from "../lib/processes";
import { Cell, measureCell } from "./matrix";

export interface TiesSpec {
  readonly sizes: readonly number[];
  readonly latencyMs: number;
  /** Runs at sizes up to 20,000. */
  readonly runs: number;
  /** Runs above 20,000, where the official SDK alone takes ~100 × latency a run. */
  readonly slowRuns: number;
  readonly concurrency: number;
}

/**
 * A server that reorders every tie group afresh on each request (`--unstable-ties`), at the sizes
 * and latency of the targets: the CLI (its whole process), the library, and the official SDK paging
 * sequentially, which may skip and repeat rows there (its count is reported, not required).
 */
export async function measureTies(spec: TiesSpec): Promise<Cell[]> {
  const contenders = ["cli", "library", "official"].map(contender);
  const cells: Cell[] = [];
  for (const n of spec.sizes) {
    const slow = n > 20_000;
    cells.push(
      await measureCell({
        n,
        latencyMs: spec.latencyMs,
        runs: slow ? spec.slowRuns : spec.runs,
        concurrency: spec.concurrency,
        contenders,
        unstableTies: true,
        mayBeIncomplete: new Set(["official"]),
        noWarmUp: slow ? new Set(["official"]) : undefined,
      }),
    );
  }
  return cells;
}
