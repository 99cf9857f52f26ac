import { targetRows } from "../../bench/report/targets";
import type { Baseline, Results } from "../../bench/results";
import type { Cell, CellResult } from "../../bench/sections/matrix";
import type { InvokeFloorResult } from "../../bench/sections/invokeFloor";

const at = (median: number) => ({ median, min: median, max: median });

/** A contender's figures in a cell: `ms` of wall time and `cpu` ms of CPU (the rest does not matter here). */
function figures(contender: string, ms: number, cpu: number): CellResult {
  return {
    contender,
    label: contender,
    ms: at(ms),
    processMs: at(ms),
    cpuMs: at(cpu),
    requests: 0,
    peakRssMiB: at(0),
    resultJsonMiB: 0,
    count: 0,
    complete: 1,
    runs: 1,
  };
}

/** A ties cell at `n` repositories: each contender's CPU ms. */
function tiesCell(n: number, cpu: Readonly<Record<string, number>>): Cell {
  return {
    n,
    latencyMs: 100,
    unstableTies: true,
    concurrency: 16,
    results: Object.entries(cpu).map(([id, ms]) => figures(id, ms, ms)),
  };
}

const stamped = <T>(data: T) => ({ command: "test", date: "2026-12-04T00:00:00.000Z", data });
const baseline: Baseline = { source: "test", cells: [] };

function results(sections: Results["sections"]): Results {
  return { version: 2, machine: { platform: "linux", node: "v20", cpus: 2 }, sections, profiles: {} };
}

/** The CPU slope from 20,000 to 100,000: (cpu at 100,000 − cpu at 20,000) / 80 per 1,000. */
function ties(cli: [number, number], issue?: [number, number]) {
  const small: Record<string, number> = { cli: cli[0], official: 1000 };
  const large: Record<string, number> = { cli: cli[1], official: 3000 };
  if (issue) [small["cli-issue"], large["cli-issue"]] = issue;
  return stamped({ runs: 1, slowRuns: 1, cells: [tiesCell(20_000, small), tiesCell(100_000, large)] });
}

const row = (r: Results, id: string) => targetRows(r, baseline).find((t) => t.id === id);

describe("the CPU-per-1,000 target", () => {
  test("is met at half the issue's CLI's slope or less, in the same run", () => {
    // The CLI: (3400 − 1000) / 80 = 30 ms per 1,000; the issue's CLI: (6800 − 2000) / 80 = 60.
    const met = row(results({ ties: ties([1000, 3400], [2000, 6800]) }), "cpu-per-1000");
    expect(met?.met).toBe(true);
    expect(met?.figure).toMatch(/^30\.0 ms, 0\.50× the issue's CLI and 1\.20× the official SDK's/);
  });

  test("is missed above half", () => {
    // 30 against (6400 − 2000) / 80 = 55 ms per 1,000: 0.55×.
    expect(row(results({ ties: ties([1000, 3400], [2000, 6400]) }), "cpu-per-1000")?.met).toBe(false);
  });

  test("is left unjudged without the issue's CLI in the run", () => {
    const unjudged = row(results({ ties: ties([1000, 3400]) }), "cpu-per-1000");
    expect(unjudged?.met).toBeUndefined();
    expect(unjudged?.figure).toMatch(/^30\.0 ms, 1\.20× the official SDK's/);
  });
});

describe("the Invoke target", () => {
  const matrix = stamped({
    runs: 1,
    concurrency: 16,
    cells: [
      {
        n: 100_000,
        latencyMs: 25,
        unstableTies: false,
        concurrency: 16,
        results: [figures("library", 2000, 0), figures("plugin", 3600, 0)],
      },
    ],
  });
  const floor: InvokeFloorResult = {
    n: 100_000,
    runs: 1,
    answerBytes: 1,
    decode: at(400),
    unpack: at(600),
    build: at(500),
    parse: at(700),
  };

  test("states the floor: the library's listing, the decoding and the fastest build", () => {
    const invoke = row(results({ matrix, invokeFloor: stamped(floor) }), "invoke");
    expect(invoke?.met).toBe(false);
    // (2000 + 400 + 500) / 2000 = 1.45×; without the decoding (2000 + 500) / 2000 = 1.25×.
    expect(invoke?.figure).toContain(
      "1.80× (3600 against 2000 ms); a unary `Invoke` here takes at least 1.45×",
    );
    expect(invoke?.figure).toContain("fastest build of the rows timed (500 ms");
    expect(invoke?.figure).toMatch(/without the decoding, 1\.25×$/);
  });

  test("without the floor's section, only the ratio", () => {
    expect(row(results({ matrix }), "invoke")?.figure).toBe("1.80× (3600 against 2000 ms)");
  });
});

describe("the CLI's whole-process targets", () => {
  /** Process ms at 20,000 and 100,000 for each contender. */
  const cells = (small: Record<string, number>, large: Record<string, number>) =>
    stamped({ runs: 1, slowRuns: 1, cells: [tiesCell(20_000, small), tiesCell(100_000, large)] });

  test("are judged against the official SDK's process and name the bare script's ratio beside it", () => {
    const r = results({
      ties: cells({ cli: 1200, bare: 1000, official: 4000 }, { cli: 3000, bare: 3600, official: 15000 }),
    });
    const at20k = row(r, "cli-20k");
    expect(at20k?.met).toBe(false);
    expect(at20k?.figure).toMatch(
      /^0\.30× \(1200 against 4000 ms, whole processes\); \(f\), a bare Node script/,
    );
    expect(at20k?.figure).toContain("0.25× (1000 ms), the CLI 1.20× it");
    const at100k = row(r, "cli-100k");
    expect(at100k?.met).toBe(true);
    expect(at100k?.figure).toContain("0.24× (3600 ms), the CLI 0.83× it");
  });

  test("without the bare script, only the ratio to the official SDK", () => {
    const r = results({ ties: cells({ cli: 1000, official: 4000 }, { cli: 3000, official: 15000 }) });
    expect(row(r, "cli-20k")?.met).toBe(true);
    expect(row(r, "cli-20k")?.figure).not.toContain("bare");
  });

  test("the bare script's CPU per 1,000 is shown beside the CLI's", () => {
    const r = results({
      ties: cells({ cli: 1000, bare: 800, official: 1000 }, { cli: 3400, bare: 4000, official: 3000 }),
    });
    // The bare script: (4000 − 800) / 80 = 40 ms per 1,000.
    expect(row(r, "cpu-per-1000")?.figure).toContain("the bare script (f) 40.0 ms");
  });
});
