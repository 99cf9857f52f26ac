/**
 * The repository query's arguments. This table is the one list of them: the query's validation
 * (`repositoryQuerySchema`), the plugin's `getRepositories` inputs and schema, the SDK's
 * `GetRepositoriesArgs` (checked at compile time to name exactly these keys), `RepositoryInventory`'s
 * inputs, the `swr-repos list|drift` flags and the README's query table derive from it.
 *
 * Adding an argument is one entry here, its rule in `REPOSITORY_QUERY_RULES` (the compiler asks for it), plus what the server is sent for it
 * (`operations/repositories.ts`) and the row check that holds the result to it.
 */
// No zod here: the CLI reads its flags from this table before it knows whether it will send a
// request, and `--help` must not pay for loading the rules. Each argument's rule is in
// `repositoryQuery.ts` (REPOSITORY_QUERY_RULES), which the compiler holds to exactly these keys.
import { MAX_PAGE_SIZE } from "./pageSize";

/**
 * How a query argument is read from the command line: as text, a whole number, `true`/`false`, or
 * SWR's `key::value|key::value` filter text.
 */
export type FlagReading = "text" | "whole" | "boolean" | "filter";

/** The type a query argument has in the Pulumi package schema: a primitive or one of the package's named types. */
export type ArgumentSchemaType =
  | "string"
  | "integer"
  | "boolean"
  | { readonly ref: "Category" | "OrderColumn" | "OrderType" | "RepositoryFilter" };

/** What the table says of one query argument. */
export interface QueryArgumentSpec {
  /** What it does, for the schema, the SDK and the README. */
  readonly description: string;
  /** Its type in the package schema. */
  readonly schemaType: ArgumentSchemaType;
  /** Its `swr-repos list|drift` flag (without `--`) and how the flag's text is read. */
  readonly flag: { readonly name: string; readonly reading: FlagReading };
  /**
   * True for `limit` and `offset`, which pick one page rather than which repositories: a
   * `RepositoryInventory` always holds the complete listing, so it does not take them.
   */
  readonly page?: true;
}

/** Every argument of the repository query, by the name it has in `RepositoryQuery` and in invoke arguments. */
export const REPOSITORY_QUERY_ARGUMENTS = {
  namespace: {
    description: "Only repositories of this organization (exact name).",
    schemaType: "string",
    flag: { name: "namespace", reading: "text" },
  },
  name: {
    description: "Only the repository with exactly this name (exact even where the server matches fuzzily).",
    schemaType: "string",
    flag: { name: "name", reading: "text" },
  },
  category: {
    description: "Only repositories of this category.",
    schemaType: { ref: "Category" },
    flag: { name: "category", reading: "text" },
  },
  isPublic: {
    description:
      "Only public (`true`) or only private (`false`) repositories. Exact on every server: an older SWR " +
      "that ignores or refuses `is_public` is listed without it, and every row is checked here.",
    schemaType: "boolean",
    flag: { name: "is-public", reading: "boolean" },
  },
  filter: {
    description:
      "Fuzzy matches and an order, sent as `key::value|key::value`; where it carries a key, the plain " +
      "argument of the same meaning is ignored, as on the server.",
    schemaType: { ref: "RepositoryFilter" },
    flag: { name: "filter", reading: "filter" },
  },
  orderColumn: {
    description:
      "Column to order by; give `orderType` with it. Without an order, results are by (namespace, name).",
    schemaType: { ref: "OrderColumn" },
    flag: { name: "order-column", reading: "text" },
  },
  orderType: {
    description: "`asc` or `desc`; give `orderColumn` with it.",
    schemaType: { ref: "OrderType" },
    flag: { name: "order-type", reading: "text" },
  },
  limit: {
    description: `Page size (1-${MAX_PAGE_SIZE}) for one page; give \`offset\` with it. Without both, every repository is listed.`,
    schemaType: "integer",
    flag: { name: "limit", reading: "whole" },
    page: true,
  },
  offset: {
    description: "Start of the page: 0 or a multiple of `limit`; give `limit` with it.",
    schemaType: "integer",
    flag: { name: "offset", reading: "whole" },
    page: true,
  },
} as const satisfies Readonly<Record<string, QueryArgumentSpec>>;

/** The name of one query argument. */
export type QueryArgumentName = keyof typeof REPOSITORY_QUERY_ARGUMENTS;

/** Every query argument's name, in table order. */
export const QUERY_ARGUMENT_NAMES = Object.keys(REPOSITORY_QUERY_ARGUMENTS) as readonly QueryArgumentName[];

/** The arguments that say which repositories (not which page): what a `RepositoryInventory` takes. */
export type SelectionArgumentName = {
  [K in QueryArgumentName]: (typeof REPOSITORY_QUERY_ARGUMENTS)[K] extends { page: true } ? never : K;
}[QueryArgumentName];

/** {@link SelectionArgumentName}s, in table order. */
export const SELECTION_ARGUMENT_NAMES = QUERY_ARGUMENT_NAMES.filter(
  (name) => !("page" in REPOSITORY_QUERY_ARGUMENTS[name]),
) as readonly SelectionArgumentName[];
