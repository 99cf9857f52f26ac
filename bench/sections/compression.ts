import { startRelay } from "../../test/support/proxies";
import type { Target } from "../contenders/common";
import { contender, runContender, startEmulator } from "../lib/processes";
import { progress, Summary, summarize } from "../lib/util";

export interface CompressionRow {
  readonly latencyMs: number;
  readonly gzip: { readonly ms: Summary; readonly wireBytes: Summary };
  readonly plain: { readonly ms: Summary; readonly wireBytes: Summary };
}

export interface CompressionResult {
  readonly n: number;
  readonly rows: CompressionRow[];
}

/**
 * Our client with compression (the default) and without, at `n` repositories and each latency, the
 * bytes on the wire counted by a TCP relay between the client and the emulator (headers included).
 */
export async function measureCompression(
  n: number,
  latencies: readonly number[],
  runs: number,
  concurrency: number,
): Promise<CompressionResult> {
  const library = contender("library");
  const rows: CompressionRow[] = [];
  for (const latencyMs of latencies) {
    progress(`compression at N=${n} L=${latencyMs}ms …`);
    const emulator = await startEmulator({ repos: n, latencyMs });
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
