import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { CommandResult, expectExit, runCommand } from "../../test-e2e/support/process";
import { ROOT } from "./util";

export { runCommand, type CommandResult };

/** Throws with the command's output unless it exited 0. */
export function expectSuccess(result: CommandResult): CommandResult {
  return expectExit(result, 0);
}

/**
 * The directory holding `pulumi` v3.248 and its language hosts: scripts/ensure-pulumi.sh finds it on
 * PATH or in .cache/pulumi/bin, or builds it (which takes many minutes on a cold Go cache).
 */
export async function ensurePulumi(): Promise<string> {
  const result = expectSuccess(
    await runCommand("bash", [path.join(ROOT, "scripts", "ensure-pulumi.sh")], {
      cwd: ROOT,
      env: process.env,
      timeoutMs: 30 * 60 * 1000,
    }),
  );
  return result.stdout.trim().split("\n").pop() ?? "";
}

/** The environment without anything that would steer SWR or Pulumi elsewhere. */
export function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(HW_|HUAWEICLOUD_SDK_|PULUMI_|SWR_DEBUG$)/.test(name)),
  );
}

/**
 * An environment in which `pulumi` (from `bin`) keeps everything under `dir` (home, a file backend,
 * temporary files), offline, with an empty passphrase and TypeScript programs transpiled unchecked,
 * plus `extra` (the SWR endpoint and credentials). Makes the directories.
 */
export function isolatedPulumiEnvironment(
  bin: string,
  dir: string,
  extra: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  const [home, state, tmp] = ["home", "state", "tmp"].map((d) => path.join(dir, d));
  for (const d of [home, state, tmp]) mkdirSync(d, { recursive: true });
  return {
    ...cleanEnvironment(),
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
    HOME: home,
    TMPDIR: tmp,
    PULUMI_HOME: path.join(home, ".pulumi"),
    PULUMI_BACKEND_URL: `file://${state}`,
    PULUMI_CONFIG_PASSPHRASE: "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ...extra,
  };
}
