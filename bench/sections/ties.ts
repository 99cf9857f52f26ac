import { Contender, contender } from "../lib/processes";
import { progress } from "../lib/util";
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
 * and latency of the targets: the CLI (its whole process), the CLI as the performance issue found it
 * (the peer its CPU per 1,000 is halved against), a bare Node script doing only what an exact
 * listing needs (the peer that says how much of the CLI's time is the work itself), the library, and
 * the official SDK paging sequentially, which may skip and repeat rows there (its count is reported,
 * not required).
 */
export async function measureTies(spec: TiesSpec): Promise<Cell[]> {
  const contenders = ["cli", "cli-issue", "bare", "library", "official"].map(contender).filter(buildable);
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

/** Whether a CLI contender's build is at hand; one that cannot be built is left out, saying why. */
function buildable(c: Contender): boolean {
  try {
    c.cli?.();
    return true;
  } catch (error) {
    progress(`${c.id} left out: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
