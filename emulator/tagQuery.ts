import { PERMISSIVE, type Dialect } from "./dialect";
import { parsePage, QUERY_ERROR_CODES, QueryRejected, type OrderDirection, type QueryError } from "./repositoryQuery";

/** Columns the tag list can order by. */
export type TagOrderColumn = "updated_at" | "tag";

/** A validated tag-list query, with the filter and the plain parameters merged. */
export interface TagQuery {
  /** Matched as a substring of the tag name, as real servers may. */
  readonly tag?: string;
  /** Present only when the caller sent both `limit` and `offset`; without them every tag is returned. */
  readonly page?: { readonly limit: number; readonly offset: number };
  readonly order: { readonly column: TagOrderColumn; readonly direction: OrderDirection };
}

/** The outcome of {@link parseTagQuery}. */
export type ParsedTagQuery = { readonly query: TagQuery } | { readonly error: QueryError };

const FILTER_KEYS = ["offset", "limit", "order_column", "order_type", "tag"] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
const ORDER_COLUMNS: readonly string[] = ["updated_at", "tag"];
/** The order when none is asked for: most recently updated first. */
const DEFAULT_ORDER: TagQuery["order"] = { column: "updated_at", direction: "desc" };

/**
 * Validates tag-list parameters as SWR does. `filter` (`offset::0|limit::10|order_column::…|
 * order_type::…|tag::…`) wins over the plain parameter of the same meaning (in the `every-plain`
 * dialect a filter voids the plain `tag` too); unknown parameters are ignored; an empty plain value
 * counts as absent. SWR documents `updated_at` as the only order column; `tag` is honoured, refused
 * or ignored as the dialect says. Without an order, newest first.
 *
 * @example
 * parseTagQuery(new URLSearchParams("limit=10&offset=0&order_column=tag&order_type=asc"));
 */
export function parseTagQuery(params: URLSearchParams, dialect: Dialect = PERMISSIVE): ParsedTagQuery {
  try {
    const filtered = params.has("filter");
    const filter = filtered ? parseFilter(params.get("filter") ?? "") : new Map<FilterKey, string>();
    const pick = (key: FilterKey): string | undefined => {
      if (filter.has(key)) return filter.get(key);
      if (key === "tag" && filtered && dialect.filterVoids === "every-plain") return undefined;
      return params.get(key) || undefined;
    };
    return {
      query: {
        tag: pick("tag"),
        page: parsePage(pick("limit"), pick("offset")),
        order: parseOrder(pick("order_column"), pick("order_type"), dialect),
      },
    };
  } catch (error) {
    if (error instanceof QueryRejected) return { error: { code: error.code, message: error.message } };
    throw error;
  }
}

function parseFilter(raw: string): Map<FilterKey, string> {
  const reject = (why: string): never => {
    throw new QueryRejected(QUERY_ERROR_CODES.filter, `Invalid filter "${raw}": ${why}`);
  };
  const entries = new Map<FilterKey, string>();
  if (raw === "") reject("it must hold at least one key::value");
  for (const part of raw.split("|")) {
    const separator = part.indexOf("::");
    if (separator <= 0) reject(`"${part}" is not of the form key::value`);
    const key = part.slice(0, separator);
    const value = part.slice(separator + 2);
    if (!(FILTER_KEYS as readonly string[]).includes(key)) reject(`unknown key "${key}"`);
    if (value === "") reject(`key "${key}" has an empty value`);
    if (entries.has(key as FilterKey)) reject(`key "${key}" appears twice`);
    entries.set(key as FilterKey, value);
  }
  return entries;
}

function parseOrder(
  column: string | undefined,
  type: string | undefined,
  dialect: Dialect,
): TagQuery["order"] {
  if (column === undefined && type === undefined) return DEFAULT_ORDER;
  if (column === undefined || type === undefined)
    throw new QueryRejected(
      QUERY_ERROR_CODES.parameter,
      "Invalid parameter: order_column and order_type must be sent together",
    );
  if (column !== "updated_at" && dialect.undocumentedOrder !== "accept") {
    if (dialect.undocumentedOrder === "ignore") return DEFAULT_ORDER;
    throw new QueryRejected(
      QUERY_ERROR_CODES.value,
      `Invalid parameter order_column: "${column}"; the value can only be updated_at`,
    );
  }
  if (!ORDER_COLUMNS.includes(column))
    throw new QueryRejected(
      QUERY_ERROR_CODES.parameter,
      `Invalid parameter order_column: "${column}" must be updated_at or tag`,
    );
  if (type !== "asc" && type !== "desc")
    throw new QueryRejected(
      QUERY_ERROR_CODES.parameter,
      `Invalid parameter order_type: "${type}" must be asc or desc`,
    );
  return { column: column as TagOrderColumn, direction: type };
}
