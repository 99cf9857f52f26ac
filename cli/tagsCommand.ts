import { ImageTag, InputIssue, RepositoryTagRequest, SwrInputError, validateTagRequest } from "../sdk/client";
import { parseFlags, QUERY_FLAGS } from "./flags";
import { CommandContext, requireChoice } from "./context";
import { FORMATS, Format, formatBytes } from "./format";
import { renderCsv, renderJson, renderTable } from "./render";
import { withClient } from "./connection";

/** The help text of `swr-repos tags`. */
export const TAGS_USAGE = `Usage: swr-repos tags NAMESPACE/REPOSITORY [--tag T]
                      [--order-column updated_at|tag --order-type asc|desc]
                      [--limit N --offset N] [--format table|json|csv] [--endpoint URL] [--region R] [--debug]

Lists the tags of one repository, each with its digest and the reference that pins it (path@digest):
every tag, or with --limit/--offset one page; by tag unless an order is given. A repository name may
contain "/": in team-a/platform/api the namespace is team-a and the repository platform/api.
Settings, exit status and --debug as for list; a repository that does not exist exits 1 with SWR's
code and request id.`;

/** `from` without the flags in `drop`. */
function flagsWithout<F extends object, K extends keyof F>(from: F, drop: readonly K[]): Omit<F, K> {
  return Object.fromEntries(Object.entries(from).filter(([name]) => !drop.includes(name as K))) as Omit<F, K>;
}

/** `list`'s flags without its query: where SWR is, how to reach it, how to print. */
export const CONNECTION_FLAGS = flagsWithout(QUERY_FLAGS, [
  "namespace",
  "name",
  "category",
  "filter",
  "order-column",
  "order-type",
  "limit",
  "offset",
]);

const TAGS_FLAGS = {
  ...CONNECTION_FLAGS,
  tag: { type: "string" },
  "order-column": { type: "string" },
  "order-type": { type: "string" },
  limit: { type: "string" },
  offset: { type: "string" },
} as const;

/** The one positional argument of `tags` and `image`; a missing or extra one is an input error. */
export function onePositional(positionals: readonly string[], name: string): string {
  if (positionals.length !== 1)
    throw new SwrInputError([
      {
        field: name,
        rule:
          positionals.length === 0
            ? "is required, e.g. team-a/platform/api"
            : `give exactly one; got ${positionals.map((p) => JSON.stringify(p)).join(" ")}`,
      },
    ]);
  return positionals[0];
}

/**
 * `team-a/platform/api` → namespace `team-a`, repository `platform/api`: the first segment is the
 * namespace, the rest (which may hold `/`) the repository.
 */
export function splitRepository(text: string): { namespace: string; repository: string } {
  const slash = text.indexOf("/");
  if (slash < 0)
    throw new SwrInputError([
      {
        field: "NAMESPACE/REPOSITORY",
        rule: `must name a namespace and a repository, e.g. team-a/platform/api; got ${JSON.stringify(text)}`,
      },
    ]);
  return { namespace: text.slice(0, slash), repository: text.slice(slash + 1) };
}

/** The input error for `issues`, each field under its command-line name (`limit` → `--limit`). */
export function commandLineError(issues: readonly InputIssue[], names: Readonly<Record<string, string>>) {
  return new SwrInputError(issues.map((i) => ({ ...i, field: names[i.field] ?? i.field })));
}

const TAG_FIELD_NAMES: Readonly<Record<string, string>> = {
  namespace: "NAMESPACE",
  repository: "REPOSITORY",
  tag: "--tag",
  limit: "--limit",
  offset: "--offset",
  orderColumn: "--order-column",
  orderType: "--order-type",
};

/** A whole number as a number; anything else as given, for validation to name. */
const count = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text) ? Number(text) : text);

const CSV_COLUMNS: ReadonlyArray<keyof ImageTag & string> = [
  "namespace",
  "repository",
  "tag",
  "digest",
  "imageRef",
  "imageId",
  "size",
  "manifestType",
  "created",
  "updated",
  "path",
  "internalPath",
];

/** Renders tags in a format; the result ends with a newline. */
export function formatTags(tags: readonly ImageTag[], format: Format): string {
  switch (format) {
    case "json":
      return renderJson(tags);
    case "csv":
      return renderCsv(CSV_COLUMNS, tags);
    case "table":
      return renderTable(
        ["TAG", "DIGEST", "TYPE", "SIZE", "UPDATED"],
        // sha256: and 12 hex digits, as `docker images` shortens ids; --format json has the full digest.
        tags.map((t) => [
          t.tag,
          t.digest.slice(0, t.digest.indexOf(":") + 13),
          t.manifestType,
          formatBytes(t.size),
          t.updated,
        ]),
      );
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
  const target = splitRepository(onePositional(positionals, "NAMESPACE/REPOSITORY"));
  const given = {
    tag: values.tag,
    orderColumn: values["order-column"],
    orderType: values["order-type"],
    limit: count(values.limit),
    offset: count(values.offset),
  };
  let request: RepositoryTagRequest;
  try {
    request = validateTagRequest(
      target.namespace,
      target.repository,
      Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)),
    );
  } catch (error) {
    if (error instanceof SwrInputError) throw commandLineError(error.issues, TAG_FIELD_NAMES);
    throw error;
  }
  const { namespace, repository, ...query } = request;
  return withClient(values, ctx, async (client, options) => {
    const listing = await client.listRepositoryTags(namespace, repository, query, options);
    ctx.stdout.write(formatTags(listing.tags, format));
    return 0;
  });
}
