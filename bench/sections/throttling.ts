import { contender, runContender, startEmulator } from "../lib/processes";
import { progress, Summary, summarize } from "../lib/util";

export interface ThrottlingResult {
  readonly n: number;
  readonly latencyMs: number;
  readonly at4: Summary;
  readonly at16: Summary;
  readonly ratio: number;
  readonly throttled: Summary;
}

/** Our client at concurrency 16 against a server that allows 4, compared with our client at 4. */
export async function measureThrottling(
  n: number,
  latencyMs: number,
  runs: number,
): Promise<ThrottlingResult> {
  progress(`throttling at N=${n} L=${latencyMs}ms …`);
  const emulator = await startEmulator({ repos: n, latencyMs, maxConcurrency: 4 });
  const library = contender("library");
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
