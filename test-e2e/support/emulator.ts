import { ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import * as path from "node:path";
import { createInterface } from "node:readline";
import type { EmulatorStats, WireRepository } from "../../emulator";
import { CommandResult, runCommand } from "./process";
import { REPO } from "./pulumi";
import { randomCredentials, secretsOf, TestCredentials } from "./secrets";

/** The built CLI, `swr-repos`. */
export const CLI = path.join(REPO, "dist", "cli", "index.js");

/** The registry host in the pull paths of the examples' data sets (and of the emulator's seeded ones). */
export const REGISTRY = "swr.ap-southeast-1.myhuaweicloud.com";

/**
 * An emulator started as users start it, `swr-repos emulator`, in a process of its own, driven over
 * HTTP only: SWR's API for the examples, the control endpoints (`/__emulator/…`) for the tests. Its
 * credentials are random on every run (see {@link secrets}).
 */
export class EmulatorProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly accessKey: string,
    readonly secretKey: string,
    readonly token: string,
    /** The security token AK/SK requests must carry, when the emulator was started with one. */
    readonly securityToken: string | undefined,
    private readonly credentials: TestCredentials,
  ) {}

  /**
   * Starts `swr-repos emulator ARGS --access-key … --secret-key … --token …` with random credentials
   * and reads the JSON line it prints. With `securityToken` (`--security-token …`), AK/SK requests
   * must also carry (and sign) a random security token, as temporary credentials do.
   */
  static async start(
    args: readonly string[],
    options: { securityToken?: boolean } = {},
  ): Promise<EmulatorProcess> {
    const credentials = randomCredentials();
    const securityToken = options.securityToken ? credentials.securityToken : undefined;
    const flags = [
      ...args,
      ...["--access-key", credentials.accessKey, "--secret-key", credentials.secretKey],
      ...["--token", credentials.token],
      ...(securityToken === undefined ? [] : ["--security-token", securityToken]),
    ];
    const child = spawn(process.execPath, [CLI, "emulator", ...flags], {
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
    const printed = JSON.parse(line) as Record<string, string>;
    const { url, accessKey, secretKey, token } = printed;
    if (
      accessKey !== credentials.accessKey ||
      secretKey !== credentials.secretKey ||
      token !== credentials.token ||
      printed.securityToken !== securityToken
    )
      throw new Error(`the emulator did not take the credentials given: ${line}`);
    return new EmulatorProcess(child, url, accessKey, secretKey, token, securityToken, credentials);
  }

  /**
   * What must never be written anywhere, by name: the secret key, the token and the security token
   * (searched for even where the emulator does not ask for it: nothing has it to write, or should).
   */
  get secrets(): Record<string, string> {
    return secretsOf(this.credentials);
  }

  /** What the emulator has served (with `--iam`, the access keys SWR saw), through `GET /__emulator/stats`. */
  async stats(): Promise<EmulatorStats> {
    const response = await fetch(`${this.url}/__emulator/stats`);
    if (!response.ok) throw new Error(`GET /__emulator/stats: ${response.status}`);
    return (await response.json()) as EmulatorStats;
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
