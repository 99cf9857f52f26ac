import { Agent, type Dispatcher } from "undici";
import { combineDialects, DIALECT_NAMES, type Dialect, type DialectName } from "../../emulator";
import { LIMIT_LADDER } from "../../sdk/client/listing/pagePlan";

/** Every dialect, resolved, for `describe.each`. */
export const EVERY_DIALECT: Array<[DialectName, Dialect]> = DIALECT_NAMES.map((name) => [
  name,
  combineDialects([name]) as Dialect,
]);

/** A dispatcher that records the path (with query) of every request it sends. */
export function recordingDispatcher(): { dispatcher: Dispatcher; paths: string[] } {
  const paths: string[] = [];
  const dispatcher = new Agent().compose((dispatch) => (options, handler) => {
    paths.push(options.path);
    return dispatch(options, handler);
  });
  return { dispatcher, paths };
}

/**
 * The parameters of `path` that SWR's documentation does not promise to honour, as messages: a plain
 * `order_column` other than `updated_at`, a filter `order_column` the list does not document, or a
 * plain namespace/name/category/tag beside a filter (which voids it, by one reading or the other).
 */
export function undocumentedParameters(path: string): string[] {
  const url = new URL(path, "http://swr.invalid");
  const params = url.searchParams;
  const tagList = url.pathname.endsWith("/tags") || url.pathname.endsWith("/tags/");
  const problems: string[] = [];
  const plainOrder = params.get("order_column");
  if (plainOrder !== null && plainOrder !== "updated_at") problems.push(`plain order_column=${plainOrder}`);
  const filter = params.get("filter");
  if (filter !== null) {
    const parts = new Map(filter.split("|").map((p) => p.split("::") as [string, string]));
    const column = parts.get("order_column");
    const documented = tagList ? ["updated_at"] : ["name", "updated_time", "tag_count"];
    if (column !== undefined && !documented.includes(column)) problems.push(`filter order_column::${column}`);
    for (const key of tagList ? ["tag"] : ["namespace", "name", "category"])
      if (params.has(key)) problems.push(`plain ${key} beside a filter`);
  }
  return problems.map((p) => `${p} in ${path}`);
}

/**
 * The page size a server of `dialect` serves when asked for `asked` rows, and how many refusals the
 * client meets on the way: it steps down from a refused limit (1000, 500, 100 …) and learns the size
 * of a page served short.
 */
export function servedPageSize(dialect: Dialect, asked = 1000): { size: number; refusals: number } {
  const tried = [asked, ...LIMIT_LADDER.filter((size) => size < asked)];
  const refusals = tried.findIndex((size) => size <= dialect.maxLimit);
  return { size: Math.min(tried[refusals], dialect.servedRows ?? Infinity), refusals };
}

/**
 * Holds the requests of a complete listing of `rows` rows to what the reading allows: exactly its
 * pages when the server takes the page size asked and counts the total (`counted`), else at most
 * three times the pages of the size it serves (the bound for every reading).
 */
export function expectListingCost(
  requests: number,
  rows: number,
  dialect: Dialect,
  { asked = 1000, counted = true }: { asked?: number; counted?: boolean } = {},
): void {
  const { size, refusals } = servedPageSize(dialect, asked);
  const pages = Math.max(1, Math.ceil(rows / size));
  const plain = size === asked && refusals === 0 && (counted || dialect.contentRange !== "none");
  if (plain) expect(requests).toBe(pages);
  else expect(requests).toBeLessThanOrEqual(3 * pages);
}

/** Whether a server of `dialect` takes a limit of 1000, serves it whole and counts its total in `Content-Range`. */
export function plainResponses(dialect: Dialect): boolean {
  return dialect.maxLimit >= 1000 && dialect.servedRows === undefined && dialect.contentRange !== "none";
}
