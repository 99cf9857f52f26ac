import { setMaxListeners } from "node:events";
import { SwrApiError, SwrListingError } from "../errors";
import { Comparator, isSorted } from "./collation";
import { fetchListPage, FetchedPage, PageContext, PageParser, QueryPairs, requireRange } from "./fetchPage";

/** How a listing's messages name what it lists. */
export interface ListedItems {
  /** One item, as in "the repository set changed". */
  readonly one: string;
  /** Several, as in "page 3 holds 7 repositories". */
  readonly many: string;
}

/**
 * One way to page a list API: the order it asks the server for, and how to ask. A listing tries
 * an operation's routes in turn while the server does not honour their order.
 */
export interface ListingRoute<Row> {
  /** How messages name the route, e.g. `name order (filter order_column::name)`. */
  readonly describe: string;
  /** The query of the page of `limit` rows at `offset`. */
  pagePairs(limit: number, offset: number): QueryPairs;
  /** The key the route orders by, ascending. Rows with equal keys (a tie group) may come in any order. */
  orderKey(row: Row): string;
  /** The collations the server may use for `orderKey`; each page must fit one of them. */
  readonly collations: readonly Comparator[];
  /**
   * The query of one page of a listing that holds every row whose order key is `value` (and maybe
   * more, which the listing drops), when the API can select by that key: a tie group cut by a page
   * boundary is then repaired by asking for it, instead of by fetching its pages again.
   */
  selectPairs?(value: string, limit: number, offset: number): QueryPairs;
}

/** What a list operation supplies to the listing engine. */
export interface ListingSpec<Row> {
  readonly items: ListedItems;
  /** The API's path. */
  readonly path: string;
  /** Reads a 200 body and its `Content-Range`. */
  readonly parse: PageParser<Row>;
  /** What makes a row unique. */
  key(row: Row): string;
  /** Whether a row meets every constraint of the caller's query (the server's matching is not trusted). */
  accepts(row: Row): boolean;
  /** The routes to try, the preferred one first. */
  readonly routes: readonly ListingRoute<Row>[];
  /**
   * The same listing as an older server takes it, without the `filter` keys only a newer reference
   * documents: listed instead when the server refuses the filter (400 `SVCSTG.SWR.4001035`) before
   * any row was yielded. `accepts` still holds every row to the dropped keys.
   */
  readonly olderServer?: ListingSpec<Row>;
}

/** SWR's code for a `filter` it refuses: a key or value it does not know. */
export const FILTER_REFUSED = "SVCSTG.SWR.4001035";

/** Whether `error` is the server refusing a request's `filter`. */
export function isFilterRefused(error: unknown): boolean {
  return error instanceof SwrApiError && error.serverCode === FILTER_REFUSED;
}

/** How a complete listing pages. Every field has a default. */
export interface PagingOptions {
  /** Items per request, 1–1000 (default 1000: fewest round trips). */
  readonly pageSize?: number;
  /** The most pages one listing may take before it stops with an error (default 10 000). */
  readonly maxPages?: number;
  /**
   * Pages requested ahead of the consumer: default 16 when streaming, every page when collecting.
   * The concurrency gate bounds what is in flight either way.
   */
  readonly prefetch?: number;
  /** Rounds of fetching a tie group's pages again when asking for it did not recover it whole (default 8). */
  readonly repairRounds?: number;
}

/** One step of a streamed listing. */
export interface ListingStep<Row> {
  /** Rows seen for the first time in this step that meet the query, in the server's order. */
  readonly rows: readonly Row[];
  /** `page` for the n-th page of the listing, `repair` for the rows of a tie group recovered. */
  readonly kind: "page" | "repair";
  /** The page's number (from 0), or the repair's (from 1). */
  readonly index: number;
  /** Distinct rows the server has sent so far, those the client dropped included. */
  readonly listed: number;
  /** How many rows the server said match the request. */
  readonly total: number;
  /** `X-Request-Id` of the response (of the last one, for a repair). */
  readonly requestId?: string;
}

/** A tie group recovered: its rows, the repair's number, and the last response's request id. */
interface Repaired<Row> {
  readonly rows: readonly Row[];
  readonly index: number;
  readonly requestId?: string;
}

/** The server ignored a route's order: the listing moves on to the next route, or fails. */
class OrderNotHonoured extends Error {}

/** An abort signal of our own, aborted when the caller's is, and on `dispose`. */
function linkedAbort(outer: AbortSignal | undefined): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per request in flight, by design
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  outer?.addEventListener("abort", onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      outer?.removeEventListener("abort", onOuterAbort);
      controller.abort();
    },
  };
}

function setChanged(items: ListedItems, detail: string, requestId?: string): SwrListingError {
  return new SwrListingError(
    "set-changed",
    `the ${items.one} set changed while it was being listed: ${detail}`,
    {
      requestId,
    },
  );
}

/**
 * Streams a complete listing: every row matching the query exactly once, page by page.
 *
 * Pages are requested concurrently in the route's order. Every page must report the total page 0
 * reported and hold the rows that total implies (else the set moved: `set-changed`, which a
 * collector answers by starting over), and fit the route's order. As soon as the two pages beside
 * a boundary are in and their edge rows tie, the tie group is repaired: the server may have put
 * its rows differently on each side, skipping some and repeating others. Rows are de-duplicated by
 * key; the stream ends only when the distinct rows equal the server's total, and only rows that
 * meet the query are yielded. When the server ignores a route's order, the next route is tried;
 * when it ignores every one, the listing fails with reason `unordered`.
 */
export async function* streamListing<Row>(
  spec: ListingSpec<Row>,
  context: PageContext,
  options: PagingOptions = {},
): AsyncGenerator<ListingStep<Row>, void, undefined> {
  let yielded = false;
  try {
    for await (const step of streamRoutes(spec, context, options)) {
      yielded = true;
      yield step;
    }
  } catch (error) {
    // Once rows are out, starting over would yield them twice; a server refuses a filter key on
    // every page alike, so in practice the first page is where it says so.
    if (yielded || spec.olderServer === undefined || !isFilterRefused(error)) throw error;
    yield* streamListing(spec.olderServer, context, options);
  }
}

/** {@link streamListing} along the spec's routes in turn. */
async function* streamRoutes<Row>(
  spec: ListingSpec<Row>,
  context: PageContext,
  options: PagingOptions,
): AsyncGenerator<ListingStep<Row>, void, undefined> {
  const seen = new Set<string>();
  const ignored: string[] = [];
  const shared = { total: undefined as number | undefined };
  for (const route of spec.routes) {
    try {
      yield* pass(spec, route, context, options, seen, shared);
      return;
    } catch (error) {
      if (!(error instanceof OrderNotHonoured)) throw error;
      ignored.push(`${route.describe}: ${error.message}`);
    }
  }
  throw new SwrListingError(
    "unordered",
    `the server did not return ${spec.items.many} in any order this client can page exactly; ${ignored.join("; ")}`,
  );
}

/** One attempt at a complete listing along one route; `seen` carries over from a route that was given up. */
async function* pass<Row>(
  spec: ListingSpec<Row>,
  route: ListingRoute<Row>,
  context: PageContext,
  options: PagingOptions,
  seen: Set<string>,
  shared: { total: number | undefined },
): AsyncGenerator<ListingStep<Row>, void, undefined> {
  const { items } = spec;
  const pageSize = options.pageSize ?? 1000;
  const maxPages = options.maxPages ?? 10_000;
  const prefetch = Math.max(1, options.prefetch ?? 16);
  const repairRounds = options.repairRounds ?? 8;

  const abort = linkedAbort(context.signal);
  const ctx: PageContext = { ...context, signal: abort.signal };
  // The first failure ends the listing: everything still in flight is aborted and nothing more is
  // sent (after a 401 above all), and that failure, not the aborts it caused, is what is thrown.
  let failure: { error: unknown } | undefined;
  const guard = <T>(promise: Promise<T>): Promise<T> =>
    promise.catch((error: unknown) => {
      failure ??= { error };
      abort.dispose();
      throw failure.error;
    });
  const fetch = (pairs: QueryPairs) => fetchListPage(ctx, spec.path, pairs, spec.parse);

  const admit = (rows: readonly Row[]): Row[] => {
    const fresh: Row[] = [];
    for (const row of rows) {
      const key = spec.key(row);
      if (seen.has(key)) continue;
      seen.add(key);
      if (spec.accepts(row)) fresh.push(row);
    }
    return fresh;
  };

  try {
    const first = await guard(fetch(route.pagePairs(pageSize, 0)));
    const total = requireRange(first).total;
    if (shared.total !== undefined && total !== shared.total)
      throw setChanged(items, `the server counted ${shared.total}, then ${total}`, first.requestId);
    shared.total = total;
    const pageCount = Math.max(1, Math.ceil(total / pageSize));
    if (pageCount > maxPages)
      throw new SwrListingError(
        "too-many-pages",
        `the listing needs ${pageCount} pages of ${pageSize}, more than maxPages (${maxPages}); narrow the query or raise maxPages`,
        { requestId: first.requestId },
      );

    /** Holds a page to the listing's total and to the rows that total implies. */
    const checkShape = (page: FetchedPage<Row>, index: number): void => {
      const range = requireRange(page);
      if (range.total !== total)
        throw setChanged(
          items,
          `page ${index} reports ${range.total} ${items.many}, page 0 reported ${total}`,
          page.requestId,
        );
      const expected = Math.min(pageSize, total - index * pageSize);
      if (page.rows.length !== expected)
        throw setChanged(
          items,
          `page ${index} holds ${page.rows.length} ${items.many}, ${expected} expected`,
          page.requestId,
        );
    };

    // Per page: its order keys, and the rows a repair may need (those with the page's first or
    // last key: all of them on a page one tie group fills).
    const keys: Array<string[] | undefined> = new Array(pageCount);
    const edges: Array<Row[] | undefined> = new Array(pageCount);
    const repairs = new Map<string, { promise: Promise<Repaired<Row>>; done: boolean; yielded: boolean }>();
    let repairCount = 0;

    // One page holds everything in any order; more must all agree with one collation of the route's
    // order. The first that fits is held to; a page it does not fit makes the listing look for another
    // that fits every page so far.
    let order = route.collations[0];
    const boundaryFits = (compare: Comparator, b: number): boolean => {
      const left = keys[b - 1];
      const right = keys[b];
      return (
        !left ||
        !right ||
        left.length === 0 ||
        right.length === 0 ||
        compare(left[left.length - 1], right[0]) <= 0
      );
    };
    const fitsEverything = (compare: Comparator): boolean =>
      keys.every((k, p) => isSorted(k as string[], compare) && (p === 0 || boundaryFits(compare, p)));
    const holdToOrder = (index: number, requestId: string | undefined): void => {
      const fits = (compare: Comparator) =>
        isSorted(keys[index] as string[], compare) &&
        boundaryFits(compare, index) &&
        (index + 1 >= pageCount || boundaryFits(compare, index + 1));
      if (fits(order)) return;
      const previous = order;
      const other = route.collations.find((compare) => compare !== previous && fitsEverything(compare));
      if (other) {
        order = other;
        return;
      }
      const pageKeys = keys[index] as string[];
      const at = pageKeys.findIndex((key, i) => i > 0 && previous(pageKeys[i - 1], key) > 0);
      throw new OrderNotHonoured(
        (at > 0
          ? `page ${index} lists ${JSON.stringify(pageKeys[at - 1])} before ${JSON.stringify(pageKeys[at])}`
          : `page ${index} does not follow on from its neighbours`) + ` (request id ${requestId ?? "none"})`,
      );
    };

    const arrive = (index: number, page: FetchedPage<Row>): void => {
      checkShape(page, index);
      const pageKeys = page.rows.map((row) => route.orderKey(row));
      keys[index] = pageKeys;
      const head = pageKeys[0];
      const tail = pageKeys[pageKeys.length - 1];
      edges[index] = page.rows.filter((_, i) => pageKeys[i] === head || pageKeys[i] === tail);
      if (pageCount > 1) holdToOrder(index, page.requestId);
      if (index > 0 && keys[index - 1]) tiedBoundary(index);
      if (index < pageCount - 1 && keys[index + 1]) tiedBoundary(index + 1);
    };

    /** Starts the repair of the tie group that the boundary before page `b` cuts, if one does. */
    const tiedBoundary = (b: number): void => {
      const left = (keys[b - 1] as string[]).at(-1);
      if (left === undefined || left !== (keys[b] as string[])[0] || repairs.has(left)) return;
      const entry = { promise: guard(repair(left, b)), done: false, yielded: false };
      entry.promise.then(() => (entry.done = true)).catch(() => undefined);
      repairs.set(left, entry);
    };

    const requested: Array<Promise<FetchedPage<Row>>> = [Promise.resolve(first)];
    /** Page `index`, requesting it (and any before it not yet requested) when it has not been. */
    const pageAt = (index: number): Promise<FetchedPage<Row>> => {
      while (requested.length <= index) {
        const at = requested.length;
        const promise = guard(
          fetch(route.pagePairs(pageSize, at * pageSize)).then((page) => {
            arrive(at, page);
            return page;
          }),
        );
        promise.catch(() => undefined); // awaited in order below; this only marks it handled if we stop early
        requested.push(promise);
      }
      return requested[index];
    };

    /**
     * Recovers the whole tie group of `value`, which the boundary before page `b` cuts. Its size is
     * known from the positions its key holds on its pages, whatever rows the server drew for them.
     */
    const repair = async (value: string, b: number): Promise<Repaired<Row>> => {
      const index = ++repairCount;
      const filledBy = (p: number) => (keys[p] as string[]).every((k) => k === value);
      let low = b - 1;
      while (low > 0 && filledBy(low)) await pageAt(--low);
      let high = b;
      while (high < pageCount - 1 && filledBy(high)) await pageAt(++high);
      const members = new Map<string, Row>();
      const collect = (rows: readonly Row[]) => {
        for (const row of rows) if (route.orderKey(row) === value) members.set(spec.key(row), row);
      };
      let size = 0;
      let requestId: string | undefined;
      for (let p = low; p <= high; p++) {
        size += (keys[p] as string[]).filter((k) => k === value).length;
        collect(edges[p] as Row[]);
      }
      if (members.size < size && route.selectPairs)
        for (let offset = 0, selected = 1; offset < selected; offset += pageSize) {
          const page = await guard(fetch(route.selectPairs(value, pageSize, offset)));
          selected = requireRange(page).total;
          requestId = page.requestId;
          collect(page.rows);
          if (page.rows.length === 0) break;
        }
      // Each fetch of a page is a fresh draw of the group's rows onto its positions there, so a row
      // still missing comes back with a probability of at least a half per round.
      for (let round = 1; members.size < size && round <= repairRounds; round++) {
        const again = await Promise.all(
          Array.from({ length: high - low + 1 }, (_, i) =>
            guard(fetch(route.pagePairs(pageSize, (low + i) * pageSize))),
          ),
        );
        again.forEach((page, i) => {
          checkShape(page, low + i);
          collect(page.rows);
          requestId = page.requestId;
        });
      }
      if (members.size > size)
        throw setChanged(
          items,
          `${members.size} ${items.many} share ${JSON.stringify(value)} where the pages hold ${size}`,
          requestId,
        );
      return { rows: [...members.values()], index, requestId };
    };

    /** The repairs done so far (or, with `all`, every one, waiting for each) not yet yielded. */
    async function* repaired(all: boolean): AsyncGenerator<ListingStep<Row>, void, undefined> {
      for (const entry of repairs.values()) {
        if (entry.yielded || (!all && !entry.done)) continue;
        entry.yielded = true;
        const { rows, index, requestId } = await entry.promise;
        yield { rows: admit(rows), kind: "repair", index, listed: seen.size, total, requestId };
      }
    }
    const pageStep = (page: FetchedPage<Row>, index: number): ListingStep<Row> => {
      const rows = admit(page.rows);
      return { rows, kind: "page", index, listed: seen.size, total, requestId: page.requestId };
    };

    arrive(0, first);
    yield pageStep(first, 0);
    for (let index = 1; index < pageCount; index++) {
      pageAt(Math.min(pageCount - 1, index + prefetch - 1));
      yield pageStep(await pageAt(index), index);
      yield* repaired(false);
    }
    yield* repaired(true);

    if (seen.size > total)
      throw setChanged(items, `${seen.size} distinct ${items.many} seen, the server counts ${total}`);
    if (seen.size < total)
      throw new SwrListingError(
        "incomplete",
        `only ${seen.size} of ${total} ${items.many} could be listed: the server orders rows differently on every request ` +
          `and recovering the tie groups at page boundaries did not bring the rest`,
      );
  } finally {
    abort.dispose();
  }
}

/** Everything a collecting listing needs besides the spec. */
export interface CollectOptions extends PagingOptions {
  /** How many times to start over when the set changed under the listing. */
  readonly maxRelists: number;
  /** Called after each step with the distinct rows so far and the server's total. */
  readonly onProgress?: (listed: number, total: number) => void;
  /** Called each time the listing starts over. */
  readonly onRelist?: () => void;
}

/**
 * Collects a complete listing: every page is requested at once (the concurrency gate bounds what is
 * in flight), so a page held up by a throttled retry stalls none behind it. A set that changed
 * under the listing is listed again, at most `maxRelists` times.
 */
export async function collectListing<Row>(
  spec: ListingSpec<Row>,
  context: PageContext,
  options: CollectOptions,
): Promise<Row[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      const rows: Row[] = [];
      for await (const step of streamListing(spec, context, {
        prefetch: Number.MAX_SAFE_INTEGER,
        ...options,
      })) {
        for (const row of step.rows) rows.push(row);
        options.onProgress?.(step.listed, step.total);
      }
      return rows;
    } catch (error) {
      if (
        !(error instanceof SwrListingError) ||
        error.reason !== "set-changed" ||
        attempt >= options.maxRelists
      )
        throw error;
      options.onRelist?.();
    }
  }
}

/**
 * Fetches one page (`limit`/`offset` given by the caller): the rows of it that meet the query, and
 * the server's count of what the request matched. A response without `Content-Range` fails, as
 * in a complete listing: the total would be a guess.
 */
export async function fetchOnePage<Row>(
  spec: Pick<ListingSpec<Row>, "path" | "parse" | "accepts">,
  context: PageContext,
  pairs: QueryPairs,
  olderServerPairs?: QueryPairs,
): Promise<{ rows: Row[]; total: number }> {
  let page: FetchedPage<Row>;
  try {
    page = await fetchListPage(context, spec.path, pairs, spec.parse);
  } catch (error) {
    // As in a complete listing: a refused newer filter key is dropped, and `accepts` checks it.
    if (olderServerPairs === undefined || !isFilterRefused(error)) throw error;
    page = await fetchListPage(context, spec.path, olderServerPairs, spec.parse);
  }
  const total = requireRange(page).total;
  return { rows: page.rows.filter((row) => spec.accepts(row)), total };
}
