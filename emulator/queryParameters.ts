import type { Dialect } from "./dialect";

/**
 * What the repository list and the tag list read alike: a `filter` of `key::value` parts merged over
 * the plain parameters, `limit`/`offset` paging, an `order_column`/`order_type` pair, and SWR's
 * error codes for each. Each list brings its own keys and columns.
 */

/** Sort direction. */
export type OrderDirection = "asc" | "desc";

/** An order: a column and a direction. */
export interface Order<Column extends string> {
  readonly column: Column;
  readonly direction: OrderDirection;
}

/** One page: present only when the caller sent both `limit` and `offset`. */
export interface Page {
  readonly limit: number;
  readonly offset: number;
}

/** Why SWR would refuse a query: its error code and a message naming the parameter. */
export interface QueryError {
  readonly code: string;
  readonly message: string;
}

/** A parsed query, or why SWR would refuse it. */
export type Parsed<Query> = { readonly query: Query } | { readonly error: QueryError };

/** The error codes SWR uses for bad list parameters. */
export const QUERY_ERROR_CODES = {
  namespace: "SVCSTG.SWR.4001028",
  // A parameter value SWR does not accept: a category, an undocumented order column.
  value: "SVCSTG.SWR.4001025",
  limit: "SVCSTG.SWR.4000056",
  parameter: "SVCSTG.SWR.4000014",
  filter: "SVCSTG.SWR.4001035",
} as const;

/** A query SWR would refuse: thrown while parsing, answered with its code. */
export class QueryRejected extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Runs a parser that throws {@link QueryRejected}, giving its query or the error SWR would answer. */
export function parseQuery<Query>(parse: () => Query): Parsed<Query> {
  try {
    return { query: parse() };
  } catch (error) {
    if (error instanceof QueryRejected) return { error: { code: error.code, message: error.message } };
    throw error;
  }
}

/** What a list reads from `filter`, and which plain parameters a filter voids in the `every-plain` dialect. */
export interface ParameterRules<Key extends string> {
  readonly filterKeys: readonly Key[];
  readonly voidedByFilter: ReadonlySet<string>;
  /** Checks on a filter value beyond being present: the reason it is refused, or `undefined`. */
  readonly filterValueChecks?: Partial<Record<Key, (value: string) => string | undefined>>;
}

/** One parameter as a list reads it: its value, and whether the filter gave it. */
export interface Parameter {
  readonly value?: string;
  readonly fromFilter: boolean;
}

/**
 * The request's parameters with its `filter` merged over them: where the filter carries a key, the
 * plain parameter of the same meaning is ignored (not even validated); in the `every-plain` dialect
 * a filter voids the list's `voidedByFilter` parameters too. An empty plain value counts as absent.
 * A malformed filter (not `key::value` parts, an unknown key, an empty value, a key twice, a value a
 * check refuses) is rejected with {@link QUERY_ERROR_CODES}.filter.
 */
export function readParameters<Key extends string>(
  params: URLSearchParams,
  rules: ParameterRules<Key>,
  dialect: Dialect,
): (key: Key) => Parameter {
  const filtered = params.has("filter");
  const filter = filtered ? parseFilter(params.get("filter") ?? "", rules) : new Map<Key, string>();
  const voided = (key: Key) =>
    filtered && dialect.filterVoids === "every-plain" && rules.voidedByFilter.has(key);
  return (key) => {
    if (filter.has(key)) return { value: filter.get(key), fromFilter: true };
    return { value: voided(key) ? undefined : params.get(key) || undefined, fromFilter: false };
  };
}

function parseFilter<Key extends string>(raw: string, rules: ParameterRules<Key>): Map<Key, string> {
  const reject = (why: string): never => {
    throw new QueryRejected(QUERY_ERROR_CODES.filter, `Invalid filter "${raw}": ${why}`);
  };
  if (raw === "") reject("it must hold at least one key::value");
  const entries = new Map<Key, string>();
  for (const part of raw.split("|")) {
    const separator = part.indexOf("::");
    if (separator <= 0) reject(`"${part}" is not of the form key::value`);
    const key = part.slice(0, separator);
    const value = part.slice(separator + 2);
    if (!(rules.filterKeys as readonly string[]).includes(key)) reject(`unknown key "${key}"`);
    if (value === "") reject(`key "${key}" has an empty value`);
    if (entries.has(key as Key)) reject(`key "${key}" appears twice`);
    entries.set(key as Key, value);
  }
  for (const [key, check] of Object.entries(rules.filterValueChecks ?? {}) as Array<
    [Key, (value: string) => string | undefined]
  >) {
    const value = entries.get(key);
    const why = value === undefined ? undefined : check(value);
    if (why !== undefined) reject(why);
  }
  return entries;
}

/**
 * Validates `limit` and `offset` as both lists do: together, the limit from 1 to the dialect's
 * largest, the offset a multiple of the limit.
 */
export function parsePage(
  limit: string | undefined,
  offset: string | undefined,
  dialect: Dialect,
): Page | undefined {
  const limitValue = limit === undefined ? undefined : integer(limit);
  const max = dialect.maxLimit;
  if (limit !== undefined && (limitValue === undefined || limitValue < 1 || limitValue > max)) {
    throw new QueryRejected(
      QUERY_ERROR_CODES.limit,
      `Invalid parameter limit: "${limit}" must be an integer from 1 to ${max}`,
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

/** The order when none is asked for, on both lists: most recently updated first. */
export const DEFAULT_ORDER: Order<"updated_at"> = { column: "updated_at", direction: "desc" };

/** How a list reads an order: its columns, by the name sent (the column each orders by). */
export interface OrderRules<Column extends string> {
  readonly columns: Readonly<Record<string, Column>>;
  readonly dialect: Dialect;
  /** The column came from a filter that has checked it already: the dialect does not read it again. */
  readonly checkedByFilter?: boolean;
}

/**
 * Validates an `order_column`/`order_type` pair: both or neither (neither: {@link DEFAULT_ORDER}),
 * a column of the list's, a direction. SWR documents `updated_at` as the only column; another one
 * is honoured, refused or ignored as the dialect says.
 */
export function parseOrder<Column extends string>(
  column: string | undefined,
  type: string | undefined,
  { columns, dialect, checkedByFilter = false }: OrderRules<Column>,
): Order<Column | "updated_at"> {
  if (column === undefined && type === undefined) return DEFAULT_ORDER;
  if (column === undefined || type === undefined) {
    throw new QueryRejected(
      QUERY_ERROR_CODES.parameter,
      "Invalid parameter: order_column and order_type must be sent together",
    );
  }
  if (!checkedByFilter && column !== "updated_at" && dialect.undocumentedOrder !== "accept") {
    if (dialect.undocumentedOrder === "ignore") return DEFAULT_ORDER;
    throw new QueryRejected(
      QUERY_ERROR_CODES.value,
      `Invalid parameter order_column: "${column}"; the value can only be updated_at`,
    );
  }
  if (!Object.hasOwn(columns, column)) {
    throw new QueryRejected(
      QUERY_ERROR_CODES.parameter,
      `Invalid parameter order_column: "${column}" must be ${listed(Object.keys(columns))}`,
    );
  }
  if (type !== "asc" && type !== "desc") {
    throw new QueryRejected(
      QUERY_ERROR_CODES.parameter,
      `Invalid parameter order_type: "${type}" must be asc or desc`,
    );
  }
  return { column: columns[column], direction: type };
}

/** `a, b or c`. */
function listed(names: readonly string[]): string {
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** A non-negative decimal integer, or `undefined` for anything else (signs, exponents, blanks). */
function integer(text: string): number | undefined {
  const value = Number(text);
  return /^\d+$/.test(text) && Number.isSafeInteger(value) ? value : undefined;
}
