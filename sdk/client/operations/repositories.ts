import { SwrApiError } from "../errors";
import { NAME_COLLATIONS, TIMESTAMP_COLLATIONS } from "../listing/collation";
import { QueryPairs } from "../listing/page";
import { ListingPlan, ListingRoute, ListingSpec } from "../listing/plan";
import { Repository, repositoryKey, repositoryReader } from "../model/repository";
import { RequestedOrder, requestedOrder, sortRepositories } from "../order/repositoryOrder";
import { RepositoryQuery } from "../query/repositoryQuery";
import { pageParser } from "./pageParser";

/** The path of "Querying the Image Repository List". */
export const LIST_REPOSITORIES_PATH = "/v2/manage/repos";

/**
 * Parses a 200 body and its total (`Content-Range`, else the `total_range` every row repeats); a
 * wrong field becomes a {@link SwrResponseError} naming it.
 */
export const parseRepositoryPage = pageParser(repositoryReader, "repositories", undefined, "total_range");

/**
 * A query made a plan, once: the complete listing of {@link repositoryListing} or the one page the
 * query names, each row held to the query, and the output in the requested order (decided here,
 * once) with (namespace, name) as tie-break.
 */
export function repositoryPlan(query: RepositoryQuery): ListingPlan<Repository> {
  const order = requestedOrder(query);
  const { limit, offset } = query;
  return {
    listing: repositoryListing(query),
    onePage:
      limit === undefined || offset === undefined
        ? undefined
        : { limit, offset, pairs: (size, at) => onePageRequest(query, order, size, at) },
    sort: (rows) => sortRepositories(rows, order),
  };
}

/**
 * SWR's codes for a parameter value or a filter it does not take (`SVCSTG.SWR.4001025`,
 * `SVCSTG.SWR.4001035`): a server of another version may refuse what the documentation offers.
 */
const REFUSED_PARAMETER_CODES = new Set(["SVCSTG.SWR.4001025", "SVCSTG.SWR.4001035"]);

/** Whether `error` is the server refusing a parameter of the request (400 with one of those codes). */
export function isRefusedParameter(error: unknown): boolean {
  return (
    error instanceof SwrApiError &&
    error.statusCode === 400 &&
    error.serverCode !== undefined &&
    REFUSED_PARAMETER_CODES.has(error.serverCode)
  );
}

/** `key::value` pairs joined by `|`, as SWR's `filter` wants them. */
export function serializeFilter(pairs: QueryPairs): string {
  return pairs.map(([key, value]) => `${key}::${value}`).join("|");
}

/**
 * The caller's namespace, name and category in the form `filter` carries them. Where the caller
 * gave a plain value and a filter fragment of one key, the plain value is sent: it is the narrower
 * of the two as a fragment, and the client holds every row to both.
 */
function filterConstraints(query: RepositoryQuery): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined) pairs.push([key, value]);
  };
  add("namespace", query.namespace ?? query.filter?.namespace);
  add("name", query.name ?? query.filter?.name);
  add("category", query.category ?? query.filter?.category);
  return pairs;
}

/**
 * A request that goes through `filter`. SWR documents that a filter voids the plain namespace, name
 * and category — of the same key, or every one of them, the documentation does not settle which —
 * so every constraint travels inside it, and `limit`/`offset` both inside it and beside it, where
 * either reading finds them.
 */
function filterRequest(
  constraints: ReadonlyArray<readonly [string, string]>,
  order: readonly [string, string] | undefined,
  limit: number,
  offset: number,
): QueryPairs {
  const filter: Array<readonly [string, string]> = [...constraints];
  if (order) filter.push(["order_column", order[0]], ["order_type", order[1]]);
  filter.push(["limit", String(limit)], ["offset", String(offset)]);
  return [
    ["filter", serializeFilter(filter)],
    ["limit", String(limit)],
    ["offset", String(offset)],
  ];
}

/**
 * How a complete listing of `query` pages, and how it checks what the server sent.
 *
 * Both routes carry the query in `filter`, the only place SWR documents any order but `updated_at`:
 * - name order (`order_column::name`), preferred: a tie group is one name in several organizations,
 *   small, and repaired by asking for that name;
 * - update-time order (`order_column::updated_time`), for a server that does not honour the first:
 *   a tie group is repaired by fetching its pages again.
 * Both keep the same constraints, so both count the same set. A route the server refuses (a
 * parameter it does not take) gives way to the next, as one whose order it ignores does.
 */
export function repositoryListing(query: RepositoryQuery): ListingSpec<Repository> {
  const constraints = filterConstraints(query);
  const byName: ListingRoute<Repository> = {
    describe: "name order (filter order_column::name)",
    pagePairs: (limit, offset) => filterRequest(constraints, ["name", "asc"], limit, offset),
    orderKey: (repo) => repo.name,
    collations: NAME_COLLATIONS,
    selectPairs: (name, limit, offset) =>
      filterRequest(
        [...constraints.filter(([key]) => key !== "name"), ["name", name]],
        ["name", "asc"],
        limit,
        offset,
      ),
    refusedBy: isRefusedParameter,
  };
  const byUpdate: ListingRoute<Repository> = {
    describe: "update-time order (filter order_column::updated_time)",
    pagePairs: (limit, offset) => filterRequest(constraints, ["updated_time", "asc"], limit, offset),
    orderKey: (repo) => repo.updatedAt,
    collations: TIMESTAMP_COLLATIONS,
    refusedBy: isRefusedParameter,
  };
  return {
    items: { one: "repository", many: "repositories" },
    path: LIST_REPOSITORIES_PATH,
    parse: parseRepositoryPage,
    key: repositoryKey,
    accepts: repositoryMatcher(query),
    routes: [byName, byUpdate],
  };
}

/**
 * Whether a repository meets every constraint of `query`: exact namespace and name, category, and
 * the filter's fragments. SWR may match names fuzzily and a filter may void plain parameters, so
 * what the server sent is not trusted to meet them.
 */
export function repositoryMatcher(query: RepositoryQuery): (repo: Repository) => boolean {
  const { namespace, name, category, filter } = query;
  return (repo) =>
    (namespace === undefined || repo.namespace === namespace) &&
    (name === undefined || repo.name === name) &&
    (category === undefined || repo.category === category) &&
    (filter?.category === undefined || repo.category === filter.category) &&
    (filter?.namespace === undefined || repo.namespace.includes(filter.namespace)) &&
    (filter?.name === undefined || repo.name.includes(filter.name));
}

/**
 * The request of one page of `limit` rows at `offset` (the caller's, or a smaller page size the
 * server takes), in what SWR documents: plain parameters when the query has no filter and asks for
 * no order but `updated_at`; else everything inside `filter`, whose `order_column` takes `name`,
 * `updated_time` and `tag_count`.
 */
export function onePageRequest(
  query: RepositoryQuery,
  order: RequestedOrder | undefined,
  limit: number,
  offset: number,
): QueryPairs {
  const byUpdate = order?.column === "updated_at" || order?.column === "updated_time";
  if (query.filter === undefined && (order === undefined || byUpdate)) {
    const pairs: Array<[string, string]> = [];
    const add = (key: string, value: string | number | undefined) => {
      if (value !== undefined) pairs.push([key, String(value)]);
    };
    add("namespace", query.namespace);
    add("name", query.name);
    add("category", query.category);
    add("limit", limit);
    add("offset", offset);
    if (order) pairs.push(["order_column", "updated_at"], ["order_type", order.type]);
    return pairs;
  }
  const filterOrder = order && ([byUpdate ? "updated_time" : order.column, order.type] as const);
  return filterRequest(filterConstraints(query), filterOrder, limit, offset);
}
