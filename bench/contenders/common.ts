/**
 * What every contender process shares: it reads its target from the environment, runs one
 * complete listing, and prints one JSON line with what it measured. One process per run, so
 * that peak RSS is the contender's own and no run warms the next.
 */
export interface Target {
  readonly url: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly token: string;
  readonly concurrency: number;
  /** Whether our client asks for compressed responses (default true, as the client does). */
  readonly compression?: boolean;
}

/** What a contender reports. */
export interface RunReport {
  /** Wall time of the listing alone (process start-up and module loading excluded), ms. */
  readonly ms: number;
  /** CPU time (user + system) the contender process spent on the listing, ms. */
  readonly cpuMs: number;
  /** Distinct repositories listed. */
  readonly count: number;
  /** Peak resident set size of the contender process, bytes. */
  readonly peakRssBytes: number;
  /** Bytes of the listing as compact JSON: the floor any client must hold. */
  readonly resultJsonBytes: number;
}

export function target(): Target {
  const raw = process.env.BENCH_TARGET;
  if (!raw) throw new Error("BENCH_TARGET is not set");
  return JSON.parse(raw) as Target;
}

/** Times `list`, then prints the report line. */
export async function measure(
  list: () => Promise<ReadonlyArray<{ namespace: string; name: string }>>,
): Promise<void> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const repos = await list();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  const count = new Set(repos.map((r) => `${r.namespace}/${r.name}`)).size;
  const report: RunReport = {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    count,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    resultJsonBytes: Buffer.byteLength(JSON.stringify(repos)),
  };
  process.stdout.write(JSON.stringify(report) + "\n");
}
