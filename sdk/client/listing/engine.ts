import { SwrListingError } from "../errors";
import { MAX_PAGE_SIZE } from "../query/pageSize";
import { Admission, ListingStep } from "./admission";
import { setChanged, tooManyPages } from "./failures";
import { FirstFailure } from "./firstFailure";
import { readWindow } from "./onePage";
import { OrderCheck, OrderNotHonoured } from "./orderCheck";
import { fetchListPage, FetchedPage, PageContext, QueryPairs } from "./page";
import { ListingRoute, ListingSpec, OnePageRequest } from "./plan";
import { sizeListing } from "./pageSizing";
import { REPAIR_ROUNDS, RepairedGroup, repairTieGroup, TieRepairParts } from "./tieRepair";

export type { ListingStep } from "./admission";
export type { ListedItems } from "./failures";
export type { ListingPlan, ListingRoute, ListingSpec, OnePageRequest } from "./plan";

/** How a complete listing pages. Every field has a default. */
export interface PagingOptions {
  /**
   * Items per request, 1–1000 (default 1000: fewest round trips). A server that refuses it or
   * serves fewer is paged at the size it takes.
   */
  readonly pageSize?: number;
  /** The most pages one listing may take before it stops with an error (default 10 000). */
  readonly maxPages?: number;
  /**
   * Pages requested ahead of the consumer: default 16 when streaming, every page when collecting.
   * The concurrency gate bounds what is in flight either way.
   */
  readonly prefetch?: number;
  /** Rounds of fetching a tie group's pages again when asking for it did not recover it whole (default {@link REPAIR_ROUNDS}). */
  readonly repairRounds?: number;
}

/**
 * What listings learn about the server and keep: across the routes and relists of one call, and
 * (the page size) across a client's calls of one operation.
 */
export interface Learned {
  /** The page size the server takes and serves whole, once a response has shown it. */
  limit?: number;
  /** The total the first route counted: every route lists the same set. */
  total?: number;
}

/**
 * Streams a complete listing: every row matching the query exactly once, page by page.
 *
 * The first response gives the plan (the total, and the page size the server takes: see
 * {@link sizeListing}); the other pages are then requested concurrently in the route's order. Every
 * page must report the same total and hold the rows it implies (else the set moved: `set-changed`,
 * which a collector answers by starting over), and fit the route's order ({@link OrderCheck}). As
 * soon as the two pages beside a boundary are in and their edge rows tie, the tie group is repaired
 * ({@link repairTieGroup}). Rows are de-duplicated by key ({@link Admission}); the stream ends only
 * when the distinct rows equal the total, and only rows that meet the query are yielded. When the
 * server ignores or refuses a route, the next is tried; when no route is left, the listing fails
 * with reason `unordered`.
 */
export async function* streamListing<Row>(
  spec: ListingSpec<Row>,
  context: PageContext,
  options: PagingOptions = {},
  learned: Learned = {},
): AsyncGenerator<ListingStep<Row>, void, undefined> {
  const admission = new Admission(spec.key, spec.accepts);
  const refusals: string[] = [];
  const fresh = { ...learned, total: undefined };
  let unordered = false;
  let refused: unknown;
  for (const route of spec.routes) {
    try {
      yield* pass(spec, route, context, options, admission, fresh);
      learned.limit = fresh.limit;
      return;
    } catch (error) {
      learned.limit = fresh.limit;
      if (error instanceof OrderNotHonoured) unordered = true;
      else if (route.refusedBy?.(error)) refused ??= error;
      else throw error;
      refusals.push(`${route.describe}: ${(error as Error).message}`);
    }
  }
  // A server that refused every route said why, with its code and request id: that is the answer.
  if (!unordered) throw refused;
  throw new SwrListingError(
    "unordered",
    `the server did not return ${spec.items.many} in any order this client can page exactly; ${refusals.join("; ")}`,
  );
}

/** One attempt at a complete listing along one route; `admission` carries over from a route given up. */
async function* pass<Row>(
  spec: ListingSpec<Row>,
  route: ListingRoute<Row>,
  context: PageContext,
  options: PagingOptions,
  admission: Admission<Row>,
  learned: Learned,
): AsyncGenerator<ListingStep<Row>, void, undefined> {
  const { items } = spec;
  const maxPages = options.maxPages ?? 10_000;
  const prefetch = Math.max(1, options.prefetch ?? 16);
  const failure = new FirstFailure(context.signal);
  const ctx: PageContext = { ...context, signal: failure.signal };
  const fetch = (pairs: QueryPairs) => fetchListPage(ctx, spec.path, pairs, spec.parse);
  const fetchAt = (limit: number, offset: number) => fetch(route.pagePairs(limit, offset));

  try {
    const sized = await sizeListing(
      fetchAt,
      Math.min(learned.limit ?? Infinity, options.pageSize ?? MAX_PAGE_SIZE),
      items,
      maxPages,
    );
    const { plan } = sized;
    learned.limit = plan.limit;
    const { total, pageCount } = plan;
    const firstId = sized.pages[0].requestId;
    if (learned.total !== undefined && total !== learned.total)
      throw setChanged(items, `the server counted ${learned.total}, then ${total}`, firstId);
    learned.total = total;
    if (pageCount > maxPages) throw tooManyPages(String(pageCount), plan.limit, maxPages, firstId);

    const order = new OrderCheck(route.collations, pageCount);
    const edges: Array<Row[] | undefined> = new Array(pageCount);
    const repairs = new Map<
      string,
      { promise: Promise<RepairedGroup<Row>>; index: number; done: boolean; yielded: boolean }
    >();
    const requested: Array<Promise<FetchedPage<Row>>> = [];

    /** A page has come in: held to the plan and to the order, its tied boundaries sent to repair. */
    const arrive = (index: number, page: FetchedPage<Row>): void => {
      plan.holdTo(page, index, items);
      const keys = page.rows.map((row) => route.orderKey(row));
      edges[index] = page.rows.filter((_, i) => keys[i] === keys[0] || keys[i] === keys[keys.length - 1]);
      try {
        order.record(index, keys, page.requestId);
      } catch (error) {
        // Without a total from the server, rows that moved between requests show only as rows
        // out of the documented order: the set moved, and a collector lists it again.
        if (sized.counted || !(error instanceof OrderNotHonoured)) throw error;
        throw setChanged(items, `${error.message}, and the server counts no total`, page.requestId);
      }
      for (const b of [index, index + 1]) if (b > 0 && b < pageCount) startRepair(b);
    };

    /** Page `index`, requesting it (and any before it not yet requested) when it has not been. */
    const pageAt = (index: number): Promise<FetchedPage<Row>> => {
      while (requested.length <= index) {
        const at = requested.length;
        const promise = failure.guard(fetchAt(plan.limit, plan.offset(at))).then((page) => {
          arrive(at, page);
          return page;
        });
        promise.catch(() => undefined); // awaited in order below; this only marks it handled if we stop early
        requested.push(promise);
      }
      return requested[index];
    };

    const repairParts: TieRepairParts<Row> = {
      items,
      pageCount,
      order,
      edges: (p) => edges[p] as Row[],
      pageAt,
      refetch: (p) =>
        failure.guard(fetchAt(plan.limit, plan.offset(p))).then((page) => {
          plan.holdTo(page, p, items);
          return page;
        }),
      fetchAt: (limit, offset) => failure.guard(fetchAt(limit, offset)),
      select: route.selectPairs
        ? (value, offset) =>
            failure.guard(
              fetch((route.selectPairs as NonNullable<typeof route.selectPairs>)(value, plan.limit, offset)),
            )
        : undefined,
      limit: plan.limit,
      orderKey: (row) => route.orderKey(row),
      key: spec.key,
      rounds: options.repairRounds ?? REPAIR_ROUNDS,
    };

    /** Starts the repair of the tie group the boundary before page `b` cuts, if one does and none has started. */
    const startRepair = (b: number): void => {
      const value = order.tieAt(b);
      if (value === undefined || repairs.has(value)) return;
      const entry = {
        promise: failure.guard(repairTieGroup(value, b, repairParts)),
        index: repairs.size + 1,
        done: false,
        yielded: false,
      };
      entry.promise.then(() => (entry.done = true)).catch(() => undefined);
      repairs.set(value, entry);
    };

    /** The repairs done so far (or, with `all`, every one, waiting for each) not yet yielded. */
    async function* repaired(all: boolean): AsyncGenerator<ListingStep<Row>, void, undefined> {
      for (const entry of repairs.values()) {
        if (entry.yielded || (!all && !entry.done)) continue;
        entry.yielded = true;
        const { rows, requestId } = await entry.promise;
        yield admission.step("repair", entry.index, rows, total, requestId);
      }
    }

    for (const page of sized.pages) requested.push(Promise.resolve(page));
    sized.pages.forEach((page, index) => arrive(index, page));
    for (let index = 0; index < pageCount; index++) {
      // Requests the page `prefetch - 1` ahead; it is awaited in its turn (and marked handled in pageAt).
      void pageAt(Math.min(pageCount - 1, index + prefetch - 1));
      const page = await pageAt(index);
      yield admission.step("page", index, page.rows, total, page.requestId);
      yield* repaired(false);
    }
    yield* repaired(true);

    if (admission.listed > total)
      throw setChanged(items, `${admission.listed} distinct ${items.many} seen, the server counts ${total}`);
    // Without a total from the server, rows missing at the end are rows that moved, as above.
    if (admission.listed < total && !sized.counted)
      throw setChanged(
        items,
        `${admission.listed} distinct ${items.many} seen where the pages held ${total}`,
      );
    if (admission.listed < total)
      throw new SwrListingError(
        "incomplete",
        `only ${admission.listed} of ${total} ${items.many} could be listed: the server orders rows differently on every request ` +
          `and recovering the tie groups at page boundaries did not bring the rest`,
      );
  } finally {
    failure.dispose();
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
 * under the listing is listed again, at most `maxRelists` times, at the page size already learned.
 */
export async function collectListing<Row>(
  spec: ListingSpec<Row>,
  context: PageContext,
  options: CollectOptions,
  learned: Learned = {},
): Promise<Row[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      const rows: Row[] = [];
      for await (const step of streamListing(
        spec,
        context,
        { prefetch: Number.MAX_SAFE_INTEGER, ...options },
        learned,
      )) {
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
 * Fetches one page a caller asked for (`limit`/`offset`): the rows of it that meet the query, and
 * the server's count of what the request matched. The page is read at whatever page size the
 * server takes ({@link readWindow}).
 */
export async function fetchOnePage<Row>(
  spec: Pick<ListingSpec<Row>, "path" | "parse" | "accepts" | "items">,
  context: PageContext,
  request: OnePageRequest,
  options: PagingOptions = {},
  learned: Learned = {},
): Promise<{ rows: Row[]; total: number }> {
  const read = (pairs: OnePageRequest["pairs"]) =>
    readWindow(
      (limit, offset) => fetchListPage(context, spec.path, pairs(limit, offset), spec.parse),
      request.limit,
      request.offset,
      spec.items,
      options.maxPages ?? 10_000,
      learned,
    );
  // As in a complete listing: a parameter the server refuses is dropped, and `accepts` checks it.
  const { rows, total } = await read(request.pairs).catch((error: unknown) => {
    if (request.olderServer === undefined || !request.refusedBy?.(error)) throw error;
    return read(request.olderServer);
  });
  return { rows: rows.filter((row) => spec.accepts(row)), total };
}
