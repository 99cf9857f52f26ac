import { SwrAbortError, SwrError, SwrInputError } from "../sdk/client/errors";
import { escapeControls } from "../sdk/client/untrustedText";
import { CommandContext } from "./context";
import { driftCommand, DRIFT_FOUND, DRIFT_USAGE } from "./driftCommand";
import { emulatorCommand, EMULATOR_USAGE } from "./emulatorCommand";
import { imageCommand, IMAGE_USAGE } from "./imageCommand";
import { listCommand, LIST_USAGE } from "./listCommand";
import { tagsCommand, TAGS_USAGE } from "./tagsCommand";

/** Exit codes: what scripts branch on. */
export const EXIT = { ok: 0, failure: 1, invalidInput: 2, drift: DRIFT_FOUND, interrupted: 130 } as const;

const USAGE = `Usage: swr-repos <command> [flags]

Commands:
  list       list SWR image repositories (the complete set, exactly)
  tags       list one repository's tags, each with its digest
  image      print the path@digest reference of one image (by tag, by digest, or the newest)
  drift      compare the repositories now with a saved listing
  emulator   start the built-in SWR emulator

${LIST_USAGE}

${TAGS_USAGE}

${IMAGE_USAGE}

${DRIFT_USAGE}

${EMULATOR_USAGE}`;

const COMMANDS: Record<string, (argv: string[], ctx: CommandContext) => Promise<number>> = {
  list: listCommand,
  tags: tagsCommand,
  image: imageCommand,
  drift: driftCommand,
  emulator: emulatorCommand,
};

/** Commands whose normal end is Ctrl-C (or SIGTERM). */
const RUNS_UNTIL_INTERRUPTED = new Set(["emulator"]);

/**
 * Runs the CLI and returns its exit code: 0 success, 2 invalid input (no request sent),
 * 1 an API or network failure (or, for `image`, no single image matched), 3 drift found (`drift`),
 * 130 interrupted.
 */
export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    (command === undefined ? ctx.stderr : ctx.stdout).write(USAGE + "\n");
    return command === undefined ? EXIT.invalidInput : EXIT.ok;
  }
  const run = COMMANDS[command];
  if (!run) {
    ctx.stderr.write(
      `swr-repos: unknown command ${escapeControls(JSON.stringify(command))}; commands: ${Object.keys(COMMANDS).join(", ")}\n`,
    );
    return EXIT.invalidInput;
  }
  try {
    const code = await run(rest, ctx);
    // Ctrl-C that came as a command was closing up (after its output) still means interrupted; the
    // emulator, which runs until Ctrl-C, ends normally on it.
    return ctx.signal.aborted && !RUNS_UNTIL_INTERRUPTED.has(command) ? EXIT.interrupted : code;
  } catch (error) {
    if (error instanceof SwrInputError) {
      ctx.stderr.write(`swr-repos: invalid input: ${error.message}\n`);
      return EXIT.invalidInput;
    }
    if (error instanceof SwrAbortError && ctx.signal.aborted) {
      ctx.stderr.write("swr-repos: interrupted\n");
      return EXIT.interrupted;
    }
    if (error instanceof SwrError) {
      ctx.stderr.write(`swr-repos: ${error.message}\n`);
      return EXIT.failure;
    }
    // A bug, so the stack helps; its message may still quote a server, so each line is escaped.
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    ctx.stderr.write(`swr-repos: unexpected error: ${text.split("\n").map(escapeControls).join("\n")}\n`);
    return EXIT.failure;
  }
}
