import { MAX_PAGE_SIZE, QUERY_ERROR_CODES, type OrderDirection, type QueryError } from "./query";

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

class Rejected extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Validates tag-list parameters as SWR does. `filter` (`offset::0|limit::10|order_column::…|
 * order_type::…|tag::…`) wins over the plain parameter of the same meaning; unknown parameters are
 * ignored; an empty plain value counts as absent. Without an order, newest first.
 *
 * @example
 * parseTagQuery(new URLSearchParams("limit=10&offset=0&order_column=tag&order_type=asc"));
 */
export function parseTagQuery(params: URLSearchParams): ParsedTagQuery {
  try {
    const filter = params.has("filter")
      ? parseFilter(params.get("filter") ?? "")
      : new Map<FilterKey, string>();
    const pick = (key: FilterKey): string | undefined =>
      filter.has(key) ? filter.get(key) : params.get(key) || undefined;
    return {
      query: {
        tag: pick("tag"),
        page: parsePage(pick("limit"), pick("offset")),
        order: parseOrder(pick("order_column"), pick("order_type")),
      },
    };
  } catch (error) {
    if (error instanceof Rejected) return { error: { code: error.code, message: error.message } };
    throw error;
  }
}

function parseFilter(raw: string): Map<FilterKey, string> {
  const reject = (why: string): never => {
    throw new Rejected(QUERY_ERROR_CODES.filter, `Invalid filter "${raw}": ${why}`);
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

function parsePage(limit: string | undefined, offset: string | undefined): TagQuery["page"] {
  const limitValue = limit === undefined ? undefined : integer(limit);
  if (limit !== undefined && (limitValue === undefined || limitValue < 1 || limitValue > MAX_PAGE_SIZE))
    throw new Rejected(
      QUERY_ERROR_CODES.limit,
      `Invalid parameter limit: "${limit}" must be an integer from 1 to ${MAX_PAGE_SIZE}`,
    );
  const offsetValue = offset === undefined ? undefined : integer(offset);
  if (offset !== undefined && offsetValue === undefined)
    throw new Rejected(
      QUERY_ERROR_CODES.parameter,
      `Invalid parameter offset: "${offset}" must be a non-negative integer`,
    );
  if (limitValue === undefined && offsetValue === undefined) return undefined;
  if (limitValue === undefined || offsetValue === undefined)
    throw new Rejected(
      QUERY_ERROR_CODES.parameter,
      "Invalid parameter: limit and offset must be sent together",
    );
  if (offsetValue % limitValue !== 0)
    throw new Rejected(
      QUERY_ERROR_CODES.parameter,
      `Invalid parameter offset: ${offsetValue} must be a multiple of limit ${limitValue}`,
    );
  return { limit: limitValue, offset: offsetValue };
}

function parseOrder(column: string | undefined, type: string | undefined): TagQuery["order"] {
  if (column === undefined && type === undefined) return { column: "updated_at", direction: "desc" };
  if (column === undefined || type === undefined)
    throw new Rejected(
      QUERY_ERROR_CODES.parameter,
      "Invalid parameter: order_column and order_type must be sent together",
    );
  if (!ORDER_COLUMNS.includes(column))
    throw new Rejected(
      QUERY_ERROR_CODES.parameter,
      `Invalid parameter order_column: "${column}" must be updated_at or tag`,
    );
  if (type !== "asc" && type !== "desc")
    throw new Rejected(
      QUERY_ERROR_CODES.parameter,
      `Invalid parameter order_type: "${type}" must be asc or desc`,
    );
  return { column: column as TagOrderColumn, direction: type };
}

/** A non-negative decimal integer, or `undefined` for anything else (signs, exponents, blanks). */
function integer(text: string): number | undefined {
  const value = Number(text);
  return /^\d+$/.test(text) && Number.isSafeInteger(value) ? value : undefined;
}
