import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

/**
 * Summarises V8 CPU profiles (`node --cpu-prof`, .cpuprofile JSON): self time by function and by
 * where the code lives, so that a committed text says where a process spent its time without the
 * profile itself. `node dist/bench/profileSummary.js FILE_OR_DIR…` prints the summary of each.
 */

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where a function lives: a package under node_modules, Node itself, this repository, or V8. */
function place(url: string, root: string): string {
  if (url === "") return "(V8 / native)";
  if (url.startsWith("node:")) return "node: internals";
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const file = url.replace(/^file:\/\//, "");
  if (file.startsWith(root)) {
    const rel = path.relative(root, file).replace(/^dist\//, "");
    return rel
      .split("/")
      .slice(0, rel.startsWith("sdk/client/") ? 3 : 2)
      .join("/");
  }
  return file;
}

function shortUrl(url: string, root: string): string {
  const file = url.replace(/^file:\/\//, "");
  const modules = file.lastIndexOf("node_modules/");
  if (modules >= 0) return file.slice(modules + "node_modules/".length);
  return file.startsWith(root) ? path.relative(root, file) : file;
}

/** The summary of one profile: total, then the top `top` functions and places by self time. */
export function summarizeProfile(profile: CpuProfile, root: string, top = 20): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++)
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const functions = new Map<string, number>();
  const places = new Map<string, number>();
  let idle = 0;
  for (const [id, ms] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === "(idle)") {
      idle += ms;
      continue;
    }
    const special = frame.functionName.startsWith("(");
    const name = special
      ? frame.functionName
      : `${frame.functionName || "(anonymous)"} ${shortUrl(frame.url, root)}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const where = special ? frame.functionName : place(frame.url, root);
    places.set(where, (places.get(where) ?? 0) + ms);
  }
  const busy = totalMs - idle;
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, ms]) =>
          `  ${ms.toFixed(0).padStart(7)} ms  ${((ms / busy) * 100).toFixed(1).padStart(5)}%  ${name}`,
      );
  return [
    `profiled ${totalMs.toFixed(0)} ms: busy ${busy.toFixed(0)} ms, idle ${idle.toFixed(0)} ms`,
    `top ${top} functions by self time (% of busy):`,
    ...rows(functions),
    "by where the code lives:",
    ...rows(places),
  ].join("\n");
}

export function summarizeProfileFile(file: string, root: string, top = 20): string {
  return summarizeProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, root, top);
}

/** The .cpuprofile files in `dir`, oldest first (Node names them by time and pid). */
export function profilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .sort()
    .map((f) => path.join(dir, f));
}

if (require.main === module) {
  const root = path.resolve(__dirname, "..", "..");
  for (const arg of process.argv.slice(2)) {
    const files = arg.endsWith(".cpuprofile") ? [arg] : profilesIn(arg);
    for (const file of files) process.stdout.write(`== ${file}\n${summarizeProfileFile(file, root)}\n\n`);
  }
}
