import { spawn } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "./util";

/** How a command ended, what it printed, and how long it took. */
export interface CommandResult {
  readonly command: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * Runs a command without a shell, in a process group of its own (a timeout ends the plugins and
 * language hosts it started too), and resolves with how it ended whatever the exit code.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandResult> {
  const command = [file, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, [...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(
      () => {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      },
      options.timeoutMs ?? 10 * 60 * 1000,
    );
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ command, code: code ?? -1, stdout, stderr, ms });
    });
  });
}

/** Throws with the command's output unless it exited 0. */
export function expectSuccess(result: CommandResult): CommandResult {
  if (result.code === 0) return result;
  const tail = (text: string) => (text.length > 4000 ? "…" + text.slice(-4000) : text);
  throw new Error(
    `$ ${result.command}\n(exit ${result.code})\n--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`,
  );
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
