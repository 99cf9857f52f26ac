import * as path from "node:path";
import { startPlugin } from "../../test/support/grpcPlugin";
import { timeToFirstLine } from "../lib/processes";
import { alternating, DIST, HOME, PROVIDER, progress, ROOT, Summary, summarize } from "../lib/util";

export interface PluginStartResult {
  readonly runs: number;
  /** `node dist/provider/index.js` until its port line on stdout, ms. */
  readonly plugin: Summary;
  /** `node dist/bench/bareGrpc.js` (load @grpc/grpc-js, bind port 0, print it) until its port line, ms. */
  readonly bare: Summary;
  /** `pulumi-resource-swr` (the launcher the engine runs: sh, then node) until its port line, ms. */
  readonly launcher: Summary;
  /**
   * `node dist/provider/index.js` until it has answered `GetSchema` over gRPC, ms: the port is out
   * before the provider's modules load, so this is when the engine's first call gets its answer.
   */
  readonly firstAnswer: Summary;
  /** plugin / bare, medians. */
  readonly ratio: number;
}

/** The three started the same way, alternating, one discarded warm-up each. */
export async function measurePluginStart(runs: number): Promise<PluginStartResult> {
  progress(`plugin start, ${runs} runs …`);
  const env = { PATH: process.env.PATH ?? "", HOME };
  const bareScript = path.join(DIST, "bench", "bareGrpc.js");
  const launcherPath = path.join(ROOT, "pulumi-resource-swr");
  const starts: Record<"plugin" | "bare" | "launcher", () => Promise<number>> = {
    plugin: async () => checkPort(await timeToFirstLine(process.execPath, [PROVIDER], env, "SIGTERM")),
    bare: async () => checkPort(await timeToFirstLine(process.execPath, [bareScript], env)),
    // A shell script that execs node: what the engine starts.
    launcher: async () => checkPort(await timeToFirstLine(launcherPath, [], env, "SIGTERM")),
  };
  const samples = await alternating(starts, runs);
  const answers: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const start = process.hrtime.bigint();
    const plugin = await startPlugin(process.execPath, [PROVIDER], env);
    try {
      await plugin.getSchema();
      if (run > 0) answers.push(Number(process.hrtime.bigint() - start) / 1e6);
    } finally {
      await plugin.stop();
    }
  }
  const plugin = summarize(samples.plugin);
  const bare = summarize(samples.bare);
  return {
    runs,
    plugin,
    bare,
    launcher: summarize(samples.launcher),
    firstAnswer: summarize(answers),
    ratio: plugin.median / bare.median,
  };
}

function checkPort(result: { ms: number; line: string }): number {
  if (!/^\d+$/.test(result.line.trim())) throw new Error(`not a port line: ${JSON.stringify(result.line)}`);
  return result.ms;
}
