import { spawn } from "node:child_process";

/** How a command ended and what it printed. */
export interface CommandResult {
  /** The command line, for messages. */
  readonly command: string;
  /** The exit code; -1 when it was killed (a timeout). */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time in milliseconds. */
  readonly ms: number;
}

/** Where and how long a command runs. */
export interface CommandOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Killed (with its whole process group) after this long; default 10 minutes. */
  readonly timeoutMs?: number;
}

/**
 * Runs a command without a shell and resolves with how it ended, whatever the exit code. Never
 * blocks the event loop, so servers in this process keep answering the command. It runs in a process
 * group of its own so a timeout ends the plugins it started too.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandResult> {
  const command = [file, ...args].join(" ");
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
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
      resolve({ command, code: code ?? -1, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The last `max` characters of a command's output, to show in a failed assertion. */
export function describeResult(result: CommandResult, max = 6000): string {
  const tail = (text: string) => (text.length > max ? "…" + text.slice(-max) : text);
  return (
    `$ ${result.command}\n(exit ${result.code} after ${(result.ms / 1000).toFixed(1)} s)\n` +
    `--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`
  );
}

/** Returns the result when the command exited with `code`; otherwise throws, showing its output. */
export function expectExit(result: CommandResult, code: number): CommandResult {
  if (result.code !== code) throw new Error(`expected exit ${code}\n${describeResult(result)}`);
  return result;
}
