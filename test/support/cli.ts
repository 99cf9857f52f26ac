/** Test support for the built `swr-repos` CLI: run it as a user would, in a clean environment. */
import { spawn } from "node:child_process";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";

/** The built CLI entry point (`npm test` builds `dist/` before jest runs). */
export const CLI = path.join(__dirname, "..", "..", "dist", "cli", "index.js");

/** How one CLI run ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI with a clean environment (`PATH` and `HOME` only) plus `env`. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The environment that points the CLI at an emulator with its access key pair. */
export function emulatorEnv(
  emulator: Pick<RunningEmulator, "url" | "accessKey" | "secretKey">,
): Record<string, string> {
  return {
    HW_SWR_ENDPOINT: emulator.url,
    HW_ACCESS_KEY: emulator.accessKey,
    HW_SECRET_KEY: emulator.secretKey,
  };
}
