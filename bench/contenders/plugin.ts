import { readFileSync } from "node:fs";
import * as path from "node:path";
import { startPlugin } from "../../test/support/grpcPlugin";
import { unpackRepositoriesResult } from "../../sdk/protocol/results";
import { RunReport, target } from "./common";

/** Peak resident set size of another process, from /proc (Linux), bytes. */
function peakRss(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : 0;
}

/** CPU time (user + system) another process has used so far, ms (Linux clock ticks of 10 ms). */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * (b) What a stack pays: `Invoke("swr:index:getRepositories")` over gRPC to the plugin process, as
 * the engine sends it and with `packed: true` as our SDK asks, unpacking included, at the client's default concurrency. Peak RSS is the plugin's, the process
 * that does the listing.
 */
async function main(): Promise<void> {
  const t = target();
  // BENCH_PLUGIN_NODE_ARGS: Node flags for the plugin (a JSON array), e.g. to profile it.
  const nodeArgs = JSON.parse(process.env.BENCH_PLUGIN_NODE_ARGS ?? "[]") as string[];
  const plugin = await startPlugin(
    process.execPath,
    [...nodeArgs, path.join(__dirname, "..", "..", "provider", "index.js")],
    { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
  );
  try {
    // The engine asks every plugin it loads for its version before anything else; the plugin's
    // modules load behind its port line, so this is when it can serve (the plugin-start section
    // times it). What follows is what each Invoke costs a stack.
    await plugin.getPluginInfo();
    const start = process.hrtime.bigint();
    const ownCpu = process.cpuUsage();
    const pluginCpu = cpuOf(plugin.pid);
    const answer = await plugin.invoke("swr:index:getRepositories", {
      endpoint: t.url,
      accessKey: t.accessKey,
      secretKey: t.secretKey,
      packed: true,
    });
    if (answer.failures.length > 0) throw new Error(JSON.stringify(answer.failures));
    const repos = unpackRepositoriesResult(answer.outputs).repositories;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const own = process.cpuUsage(ownCpu);
    const report: RunReport = {
      ms,
      // Both processes: the plugin lists and packs, this one (the engine's stand-in) receives and unpacks.
      cpuMs: cpuOf(plugin.pid) - pluginCpu + (own.user + own.system) / 1000,
      count: new Set(repos.map((r) => `${r.namespace}/${r.name}`)).size,
      peakRssBytes: peakRss(plugin.pid),
      resultJsonBytes: Buffer.byteLength(JSON.stringify(repos)),
    };
    process.stdout.write(JSON.stringify(report) + "\n");
  } finally {
    await plugin.stop();
  }
}

void main();
