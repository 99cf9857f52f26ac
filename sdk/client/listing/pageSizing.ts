import { MAX_PAGE_SIZE } from "../query/pageSize";
import { setChanged, ListedItems, tooManyPages } from "./failures";
import { FetchedPage } from "./page";
import { isRefusedLimit, PagePlan, smallerLimit } from "./pagePlan";

/** Fetches `limit` rows at `offset` along one route. */
export type FetchAt<Row> = (limit: number, offset: number) => Promise<FetchedPage<Row>>;

/** A listing's plan, learned from its first responses, and the pages of that plan they already hold. */
export interface SizedListing<Row> {
  readonly plan: PagePlan;
  /** Pages `0 … n-1` of the plan, already fetched. */
  readonly pages: ReadonlyArray<FetchedPage<Row>>;
  /**
   * Whether the server counted the total (else it was found at the end of the list, and no later
   * response can say the set moved: rows that move then show as rows out of order).
   */
  readonly counted: boolean;
}

/**
 * Page 0 at the largest page size the server accepts, from `limit` down {@link LIMIT_LADDER}: a
 * refused size (400 `SVCSTG.SWR.4000056`) costs one request.
 */
export async function firstPage<Row>(
  fetchAt: FetchAt<Row>,
  limit: number,
  offsetFor: (limit: number) => number = () => 0,
  smaller: (refused: number) => number | undefined = smallerLimit,
): Promise<{ limit: number; page: FetchedPage<Row> }> {
  for (;;) {
    try {
      return { limit, page: await fetchAt(limit, offsetFor(limit)) };
    } catch (error) {
      const next = isRefusedLimit(error) ? smaller(limit) : undefined;
      if (next === undefined) throw error;
      limit = next;
    }
  }
}

/**
 * Learns a listing's plan from its first page: the total the server reports, and the page size it
 * serves. A page 0 with fewer rows than asked while the total says more are left gives the server's
 * page size, and the plan pages by it: page 0 is the same rows at either size, so it is kept. When
 * no response reports a total (a tag list whose gateway dropped `Content-Range`), the listing walks
 * to the end of the list to count it (see {@link findEnd}).
 */
export async function sizeListing<Row>(
  fetchAt: FetchAt<Row>,
  limit: number,
  items: ListedItems,
  maxPages: number,
): Promise<SizedListing<Row>> {
  const first = await firstPage(fetchAt, limit);
  const { page } = first;
  const served = page.rows.length;
  if (page.total !== undefined) {
    if (served >= first.limit || served >= page.total)
      return { plan: new PagePlan(first.limit, page.total), pages: [page], counted: true };
    if (served === 0)
      throw setChanged(
        items,
        `page 0 holds no ${items.many} of the ${page.total} the server counts`,
        page.requestId,
      );
    return { plan: new PagePlan(served, page.total), pages: [page], counted: true };
  }
  if (served === 0) return { plan: new PagePlan(first.limit, 0), pages: [page], counted: false };
  // Without a total, a page shorter than asked is the end or the server's page size; the next page
  // at that size (empty, or not) tells which.
  const size = Math.min(served, first.limit);
  const rest = await findEnd(fetchAt, size, 1, items, maxPages);
  const pages = [page, ...rest.pages];
  const plan = new PagePlan(size, rest.end);
  return { plan, pages: pages.slice(0, plan.pageCount), counted: false };
}

/**
 * Pages of `size` from page `from` on, fetched in windows that double (1, 2, 4 … pages at once),
 * until one holds fewer than `size` rows: the end of the list. Costs at most twice the pages the list
 * holds. Pages after the short one must be empty, else the set moved.
 */
export async function findEnd<Row>(
  fetchAt: FetchAt<Row>,
  size: number,
  from: number,
  items: ListedItems,
  maxPages: number,
): Promise<{ pages: Array<FetchedPage<Row>>; end: number }> {
  const pages: Array<FetchedPage<Row>> = [];
  let end: number | undefined;
  for (let window = 1; end === undefined; window *= 2) {
    const start = from + pages.length;
    if (start + window > maxPages) throw tooManyPages(`more than ${start}`, size, maxPages);
    const batch = await Promise.all(
      Array.from({ length: window }, (_, i) => fetchAt(size, (start + i) * size)),
    );
    for (const [i, page] of batch.entries()) {
      if (end !== undefined) {
        if (page.rows.length > 0)
          throw setChanged(
            items,
            `page ${start + i} holds ${items.many} after the end of the list`,
            page.requestId,
          );
        continue;
      }
      pages.push(page);
      if (page.rows.length < size) end = (start + i) * size + page.rows.length;
    }
  }
  return { pages, end };
}

/**
 * How many rows a list holds when no response says (a tag list without `Content-Range`), knowing
 * rows reach at least position `from` and that the server serves pages of `served` whole: the end is
 * found in pages of the largest size the server takes, from the page that holds `from` on. A page of
 * that size served short is the end or the server's own page size; pages of the size it served
 * then tell which.
 */
export async function countRows<Row>(
  fetchAt: FetchAt<Row>,
  from: number,
  served: number,
  items: ListedItems,
  maxPages: number,
): Promise<number> {
  const at = (size: number) => Math.floor(from / size) * size;
  const { limit, page } = await firstPage(fetchAt, Math.max(served, MAX_PAGE_SIZE), at);
  if (page.total !== undefined) return page.total;
  const size = page.rows.length < limit ? Math.max(served, page.rows.length) : limit;
  if (size === limit) {
    if (page.rows.length < limit) return at(limit) + page.rows.length;
    return (await findEnd(fetchAt, limit, at(limit) / limit + 1, items, maxPages)).end;
  }
  return (await findEnd(fetchAt, size, at(size) / size, items, maxPages)).end;
}
