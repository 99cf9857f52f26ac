import { SwrInputError } from "../sdk/client/errors";
import type { RepositoryTagRequest } from "../sdk/client/query/tagQuery";
import { CommandContext } from "./context";
import {
  commandLineError,
  CONNECTION_FLAGS,
  HELP_FLAG,
  ORDER_FLAGS,
  OUTPUT_FLAGS,
  PAGE_FLAGS,
  parseFlags,
  requireChoice,
  wholeNumber,
} from "./flags";
import { FORMATS, Format } from "./formats";
import { onePositional, splitRepository } from "./repositoryArgument";

/** The help text of `swr-repos tags`. */
export const TAGS_USAGE = `Usage: swr-repos tags NAMESPACE/REPOSITORY [--tag T]
                      [--order-column updated_at|tag --order-type asc|desc]
                      [--limit N --offset N] [--format table|json|csv] [--endpoint URL] [--region R] [--debug]

Lists the tags of one repository, each with its digest and the reference that pins it (path@digest):
every tag, or with --limit/--offset one page; by tag unless an order is given. A repository name may
contain "/": in team-a/platform/api the namespace is team-a and the repository platform/api.
Settings, exit status and --debug as for list; a repository that does not exist exits 1 with SWR's
code and request id.`;

const TAGS_FLAGS = {
  tag: { type: "string" },
  ...ORDER_FLAGS,
  ...PAGE_FLAGS,
  ...CONNECTION_FLAGS,
  ...OUTPUT_FLAGS,
  ...HELP_FLAG,
} as const;

const TAG_FIELD_NAMES: Readonly<Record<string, string>> = {
  namespace: "NAMESPACE",
  repository: "REPOSITORY",
  tag: "--tag",
  limit: "--limit",
  offset: "--offset",
  orderColumn: "--order-column",
  orderType: "--order-type",
};

/** A whole number as a number; anything else as given, for the tag request's validation to name. */
const count = (text: string | undefined) => (text === undefined ? undefined : (wholeNumber(text) ?? text));

/** The tag request the argument and flags describe, validated (field names are the command line's). */
async function tagRequestFromArguments(
  positionals: readonly string[],
  values: Readonly<Record<string, string | boolean | undefined>>,
): Promise<RepositoryTagRequest> {
  const target = splitRepository(onePositional(positionals, "NAMESPACE/REPOSITORY"));
  // The tag rules (zod) load only for a request, not for --help.
  const { validateTagRequest } = await import("../sdk/client/query/tagQuery");
  const str = (k: string) => values[k] as string | undefined;
  const given = {
    tag: str("tag"),
    orderColumn: str("order-column"),
    orderType: str("order-type"),
    limit: count(str("limit")),
    offset: count(str("offset")),
  };
  try {
    return validateTagRequest(
      target.namespace,
      target.repository,
      Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)),
    );
  } catch (error) {
    if (error instanceof SwrInputError) throw commandLineError(error.issues, TAG_FIELD_NAMES);
    throw error;
  }
}

/** `swr-repos tags`. */
export async function tagsCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseFlags({ args: argv, options: TAGS_FLAGS, allowPositionals: true });
  if (values.help) {
    ctx.stdout.write(TAGS_USAGE + "\n");
    return 0;
  }
  const format = requireChoice<Format>("--format", values.format ?? "table", FORMATS);
  const { namespace, repository, ...query } = await tagRequestFromArguments(positionals, values);
  const [{ withClient }, { renderTags, writeChunks }] = await Promise.all([
    import("./connection"),
    import("./render"),
  ]);
  return withClient(values, ctx, async (client, options) => {
    const listing = await client.listRepositoryTags(namespace, repository, query, options);
    await writeChunks(ctx.stdout, renderTags(listing.tags, format), ctx.signal);
    return 0;
  });
}
