#!/usr/bin/env node
import { setFlagsFromString } from "node:v8";
import { CommandContext } from "./context";
import { EXIT, main } from "./main";

// The only WebAssembly a command runs is undici's HTTP parser (llhttp). By default V8 recompiles its
// hot functions with the optimizing tier on a background thread, and a short command then waits for
// that compilation before it exits: `list` of 1,000 repositories took 0.75 s of which about 0.19 s
// was this wait (bench machine, 8 runs alternating). Parsing a response's head does not need the
// optimizing tier; the baseline one (Liftoff) is compiled at once. Set before the first request.
setFlagsFromString("--liftoff-only");

const controller = new AbortController();
/** What every command reads and writes: this process's streams and environment, and its Ctrl-C. */
const ctx: CommandContext = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
};
/** main's exit code once it has returned; output may still be waiting for its reader. */
let finished: number | undefined;

// Ctrl-C (or SIGTERM) while listing aborts the listing, and main returns 130. Once main has
// returned, or at a second Ctrl-C, nothing is left to clean up: exit now, even with output still
// queued for a reader that stopped reading (a pager at its prompt), which would otherwise keep
// the process alive and make Ctrl-C look ignored.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (finished !== undefined || controller.signal.aborted) process.exit(EXIT.interrupted);
    controller.abort(new Error(`received ${signal}`));
  });
}

// The reader went away (`swr-repos list | head`): what is left to write has nowhere to go, which is
// the reader's choice, not a failure of ours. Without a listener the EPIPE is an unhandled 'error'
// event: a stack trace and exit 1.
for (const stream of [ctx.stdout, ctx.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") return;
    throw error;
  });
}

main(process.argv.slice(2), ctx).then(
  (code) => {
    finished = code;
    process.exitCode = code;
    // Interrupted: do not wait for output queued for a reader that may never read it.
    if (controller.signal.aborted) process.exit(code);
  },
  (error: unknown) => {
    finished = EXIT.failure;
    ctx.stderr.write(`swr-repos: ${String(error)}\n`);
    process.exitCode = EXIT.failure;
  },
);
