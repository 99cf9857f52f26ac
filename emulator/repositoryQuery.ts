import { PERMISSIVE, type Dialect } from "./dialect";
import { CATEGORIES, isCategory, isOrganizationName } from "./names";

/** Columns the emulator can order by; `updated_time` (the filter's spelling) maps to `updated_at`. */
export type OrderColumn = "updated_at" | "created_at" | "name" | "tag_count";

/** Sort direction. */
export type OrderDirection = "asc" | "desc";

/** A text condition: equality, or containment for SWR's fuzzy matches. */
export interface TextMatch {
  readonly value: string;
  readonly substring: boolean;
}

/** A validated list query, with the filter and the plain parameters merged. */
export interface ListQuery {
  readonly namespace?: TextMatch;
  readonly name?: TextMatch;
  readonly category?: string;
  /** Present only when the caller sent both `limit` and `offset`. */
  readonly page?: { readonly limit: number; readonly offset: number };
  readonly order: { readonly column: OrderColumn; readonly direction: OrderDirection };
}

/** Why SWR would refuse a query: its error code and a message naming the parameter. */
export interface QueryError {
  readonly code: string;
  readonly message: string;
}

/** The outcome of {@link parseListQuery}. */
export type ParsedQuery = { readonly query: ListQuery } | { readonly error: QueryError };

/** Items returned when no `limit`/`offset` is sent (the documented default). */
export const DEFAULT_PAGE_SIZE = 100;
/** The largest `limit` SWR accepts. */
export const MAX_PAGE_SIZE = 1000;

/** The error codes SWR uses for bad list parameters. */
export const QUERY_ERROR_CODES = {
  namespace: "SVCSTG.SWR.4001028",
  // A parameter value SWR does not accept: a category, an undocumented order column.
  value: "SVCSTG.SWR.4001025",
  limit: "SVCSTG.SWR.4000056",
  parameter: "SVCSTG.SWR.4000014",
  filter: "SVCSTG.SWR.4001035",
} as const;

const FILTER_KEYS = [
  "namespace",
  "name",
  "category",
  "limit",
  "offset",
  "order_column",
  "order_type",
] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
const FILTER_ORDER_COLUMNS: Record<string, OrderColumn> = {
  name: "name",
  updated_time: "updated_at",
  tag_count: "tag_count",
};
const PLAIN_ORDER_COLUMNS: Record<string, OrderColumn> = {
  ...FILTER_ORDER_COLUMNS,
  updated_at: "updated_at",
  created_at: "created_at",
};
/** A fuzzy namespace is a fragment of a name, so only the character set is checked. */
const NAMESPACE_FRAGMENT = /^[a-z0-9._-]{1,64}$/;

/** A query SWR would refuse: thrown while parsing, answered with its code. */
export class QueryRejected extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Validates list parameters as SWR does and merges `filter` over the plain parameters:
 * where the filter carries a key, the plain parameter of the same meaning is ignored (not even
 * validated); in the `every-plain` dialect a filter voids every plain namespace, name and category.
 * A plain `order_column` other than the documented `updated_at` is honoured, refused or ignored as
 * the dialect says. Unknown parameters are ignored; an empty plain value counts as absent.
 *
 * @example
 * parseListQuery(new URLSearchParams("filter=namespace::acme|limit::10&offset=0"), true);
 * // → { query: { namespace: { value: "acme", substring: true }, page: { limit: 10, offset: 0 }, ... } }
 */
export function parseListQuery(
  params: URLSearchParams,
  fuzzyName: boolean,
  dialect: Dialect = PERMISSIVE,
): ParsedQuery {
  try {
    return { query: buildQuery(params, fuzzyName, dialect) };
  } catch (error) {
    if (error instanceof QueryRejected) return { error: { code: error.code, message: error.message } };
    throw error;
  }
}

/** The plain parameters a filter voids in the `every-plain` dialect. */
const VOIDABLE = new Set(["namespace", "name", "category"]);

function buildQuery(params: URLSearchParams, fuzzyName: boolean, dialect: Dialect): ListQuery {
  const filter = params.has("filter")
    ? parseFilter(params.get("filter") ?? "")
    : new Map<FilterKey, string>();
  const voided = (key: string) =>
    dialect.filterVoids === "every-plain" && params.has("filter") && VOIDABLE.has(key);
  const plain = (key: string): string | undefined => (voided(key) ? undefined : params.get(key) || undefined);
  const pick = (key: FilterKey): { value?: string; fromFilter: boolean } =>
    filter.has(key) ? { value: filter.get(key), fromFilter: true } : { value: plain(key), fromFilter: false };

  const namespace = pick("namespace");
  const name = pick("name");
  const category = pick("category").value;
  if (namespace.value !== undefined) checkNamespace(namespace.value, namespace.fromFilter);
  if (category !== undefined && !isCategory(category)) {
    throw new QueryRejected(
      QUERY_ERROR_CODES.value,
      `Invalid parameter category: "${category}" is not one of ${CATEGORIES.join(", ")}`,
    );
  }
  return {
    namespace:
      namespace.value === undefined ? undefined : { value: namespace.value, substring: namespace.fromFilter },
    name:
      name.value === undefined ? undefined : { value: name.value, substring: name.fromFilter || fuzzyName },
    category,
    page: parsePage(pick("limit").value, pick("offset").value),
    order: parseOrder(pick("order_column"), pick("order_type").value, dialect),
  };
}

function parseFilter(raw: string): Map<FilterKey, string> {
  const reject = (why: string): never => {
    throw new QueryRejected(QUERY_ERROR_CODES.filter, `Invalid filter "${raw}": ${why}`);
  };
  if (raw === "") reject("it must hold at least one key::value");
  const entries = new Map<FilterKey, string>();
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
  const column = entries.get("order_column");
  if (column !== undefined && !Object.hasOwn(FILTER_ORDER_COLUMNS, column)) {
    reject(`order_column must be name, updated_time or tag_count, not "${column}"`);
  }
  const type = entries.get("order_type");
  if (type !== undefined && type !== "asc" && type !== "desc") {
    reject(`order_type must be asc or desc, not "${type}"`);
  }
  return entries;
}

function checkNamespace(value: string, fuzzy: boolean): void {
  const valid = fuzzy ? NAMESPACE_FRAGMENT.test(value) : isOrganizationName(value);
  if (!valid) {
    throw new QueryRejected(
      QUERY_ERROR_CODES.namespace,
      `Invalid parameter namespace: "${value}" is not a valid organization name ` +
        "(1-64 characters of a-z, 0-9, '.', '_', '-', starting with a letter and ending with a letter or digit)",
    );
  }
}

/** Validates `limit` and `offset` as both lists do: together, in range, the offset a multiple of the limit. */
export function parsePage(limit: string | undefined, offset: string | undefined): ListQuery["page"] {
  const limitValue = limit === undefined ? undefined : integer(limit);
  if (limit !== undefined && (limitValue === undefined || limitValue < 1 || limitValue > MAX_PAGE_SIZE)) {
    throw new QueryRejected(
      QUERY_ERROR_CODES.limit,
      `Invalid parameter limit: "${limit}" must be an integer from 1 to ${MAX_PAGE_SIZE}`,
    );
  }
  const offsetValue = offset === undefined ? undefined : integer(offset);
  if (offset !== undefined && offsetValue === undefined) {
    throw new QueryRejected(
      QUERY_ERROR_CODES.parameter,
      `Invalid parameter offset: "${offset}" must be a non-negative integer`,
    );
  }
  if (limitValue === undefined && offsetValue === undefined) return undefined;
  if (limitValue === undefined || offsetValue === undefined) {
    throw new QueryRejected(
      QUERY_ERROR_CODES.parameter,
      "Invalid parameter: limit and offset must be sent together",
    );
  }
  if (offsetValue % limitValue !== 0) {
    throw new QueryRejected(
      QUERY_ERROR_CODES.parameter,
      `Invalid parameter offset: ${offsetValue} must be a multiple of limit ${limitValue}`,
    );
  }
  return { limit: limitValue, offset: offsetValue };
}

/** The order when none is asked for: most recently updated first. */
const DEFAULT_ORDER: ListQuery["order"] = { column: "updated_at", direction: "desc" };

function parseOrder(
  requested: { value?: string; fromFilter: boolean },
  type: string | undefined,
  dialect: Dialect,
): ListQuery["order"] {
  const column = requested.value;
  if (column === undefined && type === undefined) return DEFAULT_ORDER;
  if (column === undefined || type === undefined) {
    throw new QueryRejected(
      QUERY_ERROR_CODES.parameter,
      "Invalid parameter: order_column and order_type must be sent together",
    );
  }
  // The filter's columns were checked with the filter; plain, SWR documents `updated_at` only.
  if (!requested.fromFilter && column !== "updated_at" && dialect.undocumentedOrder !== "accept") {
    if (dialect.undocumentedOrder === "ignore") return DEFAULT_ORDER;
    throw new QueryRejected(
      QUERY_ERROR_CODES.value,
      `Invalid parameter order_column: "${column}"; the value can only be updated_at`,
    );
  }
  if (!Object.hasOwn(PLAIN_ORDER_COLUMNS, column)) {
    throw new QueryRejected(
      QUERY_ERROR_CODES.parameter,
      `Invalid parameter order_column: "${column}" must be updated_at, updated_time, created_at, name or tag_count`,
    );
  }
  if (type !== "asc" && type !== "desc") {
    throw new QueryRejected(
      QUERY_ERROR_CODES.parameter,
      `Invalid parameter order_type: "${type}" must be asc or desc`,
    );
  }
  return { column: PLAIN_ORDER_COLUMNS[column], direction: type };
}

/** A non-negative decimal integer, or `undefined` for anything else (signs, exponents, blanks). */
function integer(text: string): number | undefined {
  const value = Number(text);
  return /^\d+$/.test(text) && Number.isSafeInteger(value) ? value : undefined;
}
