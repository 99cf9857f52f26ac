import { ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import * as path from "node:path";
import { createInterface } from "node:readline";
import type { WireRepository } from "../../emulator";
import { CommandResult, runCommand } from "./process";
import { REPO } from "./pulumi";

/** The built CLI, `swr-repos`. */
export const CLI = path.join(REPO, "dist", "cli", "index.js");

/** The registry host in the pull paths of the examples' data sets (and of the emulator's seeded ones). */
export const REGISTRY = "swr.ap-southeast-1.myhuaweicloud.com";

/**
 * An emulator started as users start it, `swr-repos emulator`, in a process of its own, driven over
 * HTTP only: SWR's API for the examples, the control endpoints (`/__emulator/…`) for the tests.
 */
export class EmulatorProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly accessKey: string,
    readonly secretKey: string,
    readonly token: string,
  ) {}

  /** Starts `swr-repos emulator ARGS` and reads the JSON line it prints. */
  static async start(args: readonly string[]): Promise<EmulatorProcess> {
    const child = spawn(process.execPath, [CLI, "emulator", ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout! });
    const [line] = (await Promise.race([
      once(lines, "line"),
      once(child, "exit").then(([code]) => {
        throw new Error(`swr-repos emulator exited with ${code} before printing its address`);
      }),
    ])) as [string];
    lines.close();
    const { url, accessKey, secretKey, token } = JSON.parse(line) as Record<string, string>;
    return new EmulatorProcess(child, url, accessKey, secretKey, token);
  }

  /** The current set, through `GET /__emulator/repositories`. */
  async repositories(): Promise<WireRepository[]> {
    const response = await fetch(`${this.url}/__emulator/repositories`);
    if (!response.ok) throw new Error(`GET /__emulator/repositories: ${response.status}`);
    return (await response.json()) as WireRepository[];
  }

  /** Replaces the set, through `PUT /__emulator/repositories`: the registry "changes". */
  async setRepositories(repositories: readonly WireRepository[]): Promise<void> {
    const response = await fetch(`${this.url}/__emulator/repositories`, {
      method: "PUT",
      body: JSON.stringify(repositories),
    });
    if (!response.ok) throw new Error(`PUT /__emulator/repositories: ${response.status}`);
  }

  /** Applies `change` to the set and stores the result. */
  async changeRepositories(change: (repositories: WireRepository[]) => WireRepository[]): Promise<void> {
    await this.setRepositories(change(await this.repositories()));
  }

  /** Stops the process. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, "exit");
    this.child.kill("SIGTERM");
    await exited;
  }
}

/** Runs the built `swr-repos` with `env` (plus PATH and HOME only). */
export function swrRepos(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return runCommand(process.execPath, [CLI, ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
}
