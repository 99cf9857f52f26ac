/** What a command reads and writes; the entry point passes the process's, tests their own. */
export interface CommandContext {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** Fires on Ctrl-C. */
  readonly signal: AbortSignal;
}

/** A progress line on stderr, only when stderr is a terminal (never in pipes or logs). */
export function progressReporter(ctx: CommandContext): ((listed: number, total: number) => void) | undefined {
  if (!ctx.stderr.isTTY) return undefined;
  return (listed, total) => {
    ctx.stderr.write(`\rlisted ${listed} of ${total} repositories`);
    if (listed >= total) ctx.stderr.write("\r\x1b[K");
  };
}
