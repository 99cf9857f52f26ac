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
        : {
            limit,
            offset,
            pairs: (size, at) => onePageRequest(query, order, size, at),
            ...(query.isPublic === undefined
              ? {}
              : { olderServer: (size, at) => onePageRequest(query, order, size, at, false) }),
            refusedBy: isRefusedParameter,
          },
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
 * The caller's namespace, name, category and (with `newerKeys`) `is_public` in the form `filter`
 * carries them. Where the caller gave a plain value and a filter fragment of one key, the plain value
 * is sent: it is the narrower of the two as a fragment, and the client holds every row to both.
 * `is_public` is a key only Huawei's current reference documents: an older server refuses it, and is
 * then asked without it (see {@link repositoryListing}).
 */
function filterConstraints(query: RepositoryQuery, newerKeys: boolean): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined) pairs.push([key, value]);
  };
  add("namespace", query.namespace ?? query.filter?.namespace);
  add("name", query.name ?? query.filter?.name);
  add("category", query.category ?? query.filter?.category);
  if (newerKeys) add("is_public", query.isPublic?.toString());
  return pairs;
}

/** Plain parameters a filter request sends beside the filter too, where either reading of SWR finds them. */
const ALSO_PLAIN = new Set(["is_public"]);

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
    ...constraints.filter(([key]) => ALSO_PLAIN.has(key)),
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
 *   a tie group is repaired by one page that spans it, or by fetching its pages again.
 * Both keep the same constraints, so both count the same set. A route the server refuses (a
 * parameter it does not take) gives way to the next, as one whose order it ignores does: with
 * `isPublic`, each route is followed by its form without the `is_public` key, for an older server
 * that refuses the key.
 */
export function repositoryListing(query: RepositoryQuery): ListingSpec<Repository> {
  return {
    items: { one: "repository", many: "repositories" },
    path: LIST_REPOSITORIES_PATH,
    parse: parseRepositoryPage,
    key: repositoryKey,
    accepts: repositoryMatcher(query),
    // Each route, then (with `isPublic`) its form for an older server: one refusal finds that form.
    routes: repositoryRoutes(query, true).flatMap((route, i) =>
      query.isPublic === undefined ? [route] : [route, repositoryRoutes(query, false)[i]],
    ),
  };
}

/** The name-order and update-time routes of `query`, with or without the newer `is_public` key. */
function repositoryRoutes(query: RepositoryQuery, newerKeys: boolean): Array<ListingRoute<Repository>> {
  const constraints = filterConstraints(query, newerKeys);
  const older = newerKeys || query.isPublic === undefined ? "" : ", without is_public";
  const byName: ListingRoute<Repository> = {
    describe: `name order (filter order_column::name${older})`,
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
    describe: `update-time order (filter order_column::updated_time${older})`,
    pagePairs: (limit, offset) => filterRequest(constraints, ["updated_time", "asc"], limit, offset),
    orderKey: (repo) => repo.updatedAt,
    collations: TIMESTAMP_COLLATIONS,
    refusedBy: isRefusedParameter,
  };
  return [byName, byUpdate];
}

/**
 * Whether a repository meets every constraint of `query`: exact namespace and name, category,
 * public or private, and the filter's fragments. SWR may match names fuzzily and a filter may void plain parameters, so
 * what the server sent is not trusted to meet them.
 */
export function repositoryMatcher(query: RepositoryQuery): (repo: Repository) => boolean {
  const { namespace, name, category, isPublic, filter } = query;
  return (repo) =>
    (namespace === undefined || repo.namespace === namespace) &&
    (isPublic === undefined || repo.isPublic === isPublic) &&
    (name === undefined || repo.name === name) &&
    (category === undefined || repo.category === category) &&
    (filter?.category === undefined || repo.category === filter.category) &&
    (filter?.namespace === undefined || repo.namespace.includes(filter.namespace)) &&
    (filter?.name === undefined || repo.name.includes(filter.name));
}

/** Order columns only Huawei's current reference documents, and only as the plain `order_column`. */
const PLAIN_ONLY_ORDERS = new Set(["namespace", "is_public"]);

/**
 * The request of one page of `limit` rows at `offset` (the caller's, or a smaller page size the
 * server takes), in what SWR documents: plain
 * parameters when the query has no filter and asks for no order but `updated_at` (or one of the
 * plain-only `namespace` and `is_public`); else everything inside `filter`, whose `order_column`
 * takes `name`, `updated_time` and `tag_count`. `newerKeys: false` leaves out the `is_public` filter
 * key, for a server that refuses it (the plain parameter, which such a server ignores, stays).
 */
export function onePageRequest(
  query: RepositoryQuery,
  order: RequestedOrder | undefined,
  limit: number,
  offset: number,
  newerKeys = true,
): QueryPairs {
  const byUpdate = order?.column === "updated_at" || order?.column === "updated_time";
  const plainOrder = order !== undefined && PLAIN_ONLY_ORDERS.has(order.column);
  const orderPairs: QueryPairs = order
    ? [
        ["order_column", byUpdate ? "updated_at" : order.column],
        ["order_type", order.type],
      ]
    : [];
  if (query.filter === undefined && (order === undefined || byUpdate || plainOrder)) {
    const pairs: Array<[string, string]> = [];
    const add = (key: string, value: string | number | boolean | undefined) => {
      if (value !== undefined) pairs.push([key, String(value)]);
    };
    add("namespace", query.namespace);
    add("name", query.name);
    add("category", query.category);
    add("is_public", query.isPublic);
    add("limit", limit);
    add("offset", offset);
    return [...pairs, ...orderPairs];
  }
  const filterOrder =
    order && !plainOrder ? ([byUpdate ? "updated_time" : order.column, order.type] as const) : undefined;
  const request = filterRequest(filterConstraints(query, newerKeys), filterOrder, limit, offset);
  const plainIsPublic: QueryPairs =
    !newerKeys && query.isPublic !== undefined ? [["is_public", String(query.isPublic)]] : [];
  return [...request, ...plainIsPublic, ...(plainOrder ? orderPairs : [])];
}
