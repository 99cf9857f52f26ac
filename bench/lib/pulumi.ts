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
