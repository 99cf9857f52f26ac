import { spawn } from "node:child_process";
import { timeToFirstLine } from "../lib/processes";
import { alternating, CLI, HOME, progress, Summary, summarize } from "../lib/util";

/** How long `swr-repos` takes to answer when it sends no request, against bare Node. */
export interface CliStartResult {
  readonly runs: number;
  /** `node -e 0`: Node's own start-up and exit, ms. */
  readonly bare: Summary;
  /** `swr-repos --help`, spawn to exit, ms. */
  readonly help: Summary;
  /** `swr-repos list --nmespace x` (an unknown flag: exit 2), spawn to exit, ms. */
  readonly badFlag: Summary;
  /** `swr-repos emulator --repos 1000` until its first stdout line (the URL and keys), ms. */
  readonly emulator: Summary;
  /** help / bare, medians. */
  readonly ratio: number;
}

/** Spawns `node ARGS` and resolves with the ms from spawn to exit; `expectedCode` is checked. */
function timeToExit(args: readonly string[], expectedCode: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...args], {
      env: { PATH: process.env.PATH ?? "", HOME },
      stdio: "ignore",
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== expectedCode) reject(new Error(`node ${args.join(" ")} exited with ${code}`));
      else resolve(ms);
    });
  });
}

/** The four started the same way with the same environment, alternating, after a warm-up each. */
export async function measureCliStart(runs: number): Promise<CliStartResult> {
  progress(`CLI start, ${runs} runs …`);
  const env = { PATH: process.env.PATH ?? "", HOME };
  const starts = {
    bare: () => timeToExit(["-e", "0"], 0),
    help: () => timeToExit([CLI, "--help"], 0),
    badFlag: () => timeToExit([CLI, "list", "--nmespace", "x"], 2),
    emulator: async () =>
      (await timeToFirstLine(process.execPath, [CLI, "emulator", "--repos", "1000"], env, "SIGINT")).ms,
  };
  const samples = await alternating(starts, runs);
  const bare = summarize(samples.bare);
  const help = summarize(samples.help);
  return {
    runs,
    bare,
    help,
    badFlag: summarize(samples.badFlag),
    emulator: summarize(samples.emulator),
    ratio: help.median / bare.median,
  };
}
