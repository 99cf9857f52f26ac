import { SwrInputError } from "../sdk/client";

/** What a command reads and writes; the entry point passes the process's, tests their own. */
export interface CommandContext {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** Fires on Ctrl-C. */
  readonly signal: AbortSignal;
}

/** Checks a flag against its allowed values. */
export function requireChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value))
    throw new SwrInputError([
      { field: flag, rule: `must be one of ${choices.join(", ")}; got ${JSON.stringify(value)}` },
    ]);
  return value as T;
}

/** A progress line on stderr, only when stderr is a terminal (never in pipes or logs). */
export function progressReporter(ctx: CommandContext): ((listed: number, total: number) => void) | undefined {
  if (!ctx.stderr.isTTY) return undefined;
  return (listed, total) => {
    ctx.stderr.write(`\rlisted ${listed} of ${total} repositories`);
    if (listed >= total) ctx.stderr.write("\r\x1b[K");
  };
}
