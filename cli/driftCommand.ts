import { readFile } from "node:fs/promises";
import { SwrInputError } from "../sdk/client/errors";
import { DriftSubject, hasDrift } from "../sdk/drift/report";
import { CommandContext, progressReporter } from "./context";
import { CONNECTION_FLAGS, HELP_FLAG, OUTPUT_FLAGS, parseFlags, QUERY_FLAGS, requireChoice } from "./flags";

/** The help text of `swr-repos drift`. */
export const DRIFT_USAGE = `Usage: swr-repos drift --baseline FILE [--format markdown|json]
                       [--namespace NS] [--name N] [--category C] [--is-public true|false] [--filter F]
                       [--order-column C --order-type T] [--limit N --offset N] [--endpoint URL] [--region R] [--debug]

Compares the repositories listed now with a baseline saved by \`swr-repos list --format json > FILE\`
(give both the same query flags; --is-public true limits the report to public repositories) and prints what was added, removed or changed: visibility, tags,
size, category, description. Exit status: 0 no drift, 3 drift, 2 invalid input (a bad baseline
included; nothing is listed then), 1 API or network failure. --debug (or SWR_DEBUG=1) logs each request
on stderr, secrets redacted.`;

/** The exit status that says "drift found", so scripts can tell it from failures (1, 2). */
export const DRIFT_FOUND = 3;

/** Output formats of `swr-repos drift`. */
const DRIFT_FORMATS = ["markdown", "json"] as const;

const DRIFT_FLAGS = {
  baseline: { type: "string" },
  ...QUERY_FLAGS,
  ...CONNECTION_FLAGS,
  ...OUTPUT_FLAGS,
  ...HELP_FLAG,
} as const;

/** Reads and validates a baseline file; every problem is an input error naming the file and the field. */
async function readBaseline(file: string): Promise<DriftSubject[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new SwrInputError([
      {
        field: "--baseline",
        rule: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      },
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SwrInputError([
      {
        field: "--baseline",
        rule: `${file} is not JSON (${(error as Error).message}); save one with list --format json`,
      },
    ]);
  }
  const { parseListing } = await import("../sdk/drift/compare");
  return parseListing(json, file);
}

/** `swr-repos drift`: exit 0 without drift, 3 with drift. */
export async function driftCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags({ args: argv, options: DRIFT_FLAGS, allowPositionals: false });
  if (values.help) {
    ctx.stdout.write(DRIFT_USAGE + "\n");
    return 0;
  }
  if (values.baseline === undefined)
    throw new SwrInputError([
      { field: "--baseline", rule: "is required: the file `swr-repos list --format json` saved" },
    ]);
  const format = requireChoice("--format", values.format ?? "markdown", DRIFT_FORMATS);
  // The query rules (zod), the client (undici) and the comparison load only once a listing will run.
  const [{ queryFromFlags }, { withClient }, { compareListings }, { renderDriftMarkdown }, { renderJson }] =
    await Promise.all([
      import("./repositoryQueryFlags"),
      import("./connection"),
      import("../sdk/drift/compare"),
      import("../sdk/drift/render"),
      import("./render"),
    ]);
  const query = queryFromFlags(values);
  const baseline = await readBaseline(values.baseline);
  return withClient(values, ctx, async (client, options) => {
    const listing = await client.listRepositories(query, {
      ...options,
      onProgress: progressReporter(ctx),
    });
    const report = compareListings(baseline, listing.repositories);
    ctx.stdout.write(format === "json" ? renderJson(report) : renderDriftMarkdown(report));
    return hasDrift(report) ? DRIFT_FOUND : 0;
  });
}
