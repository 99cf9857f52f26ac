import { SwrApiError } from "../errors";
import { MAX_PAGE_SIZE } from "../query/pageSize";
import { ListedItems, setChanged } from "./failures";
import { FetchedPage } from "./page";

/**
 * Where the pages of a listing are: `limit` rows each, page `i` at offset `i × limit` (SWR wants
 * offsets that are multiples of the limit), `total` rows in all.
 */
export class PagePlan {
  constructor(
    /** Rows per page: what the server accepts and serves. */
    readonly limit: number,
    /** Rows the listing holds, as the server counted them. */
    readonly total: number,
  ) {}

  /** Pages the listing takes (at least one: an empty listing still answers page 0). */
  get pageCount(): number {
    return Math.max(1, Math.ceil(this.total / this.limit));
  }

  /** The offset of page `index`. */
  offset(index: number): number {
    return index * this.limit;
  }

  /** How many rows page `index` must hold when the set has not changed. */
  expectedRows(index: number): number {
    return Math.max(0, Math.min(this.limit, this.total - index * this.limit));
  }

  /**
   * Holds page `index` to the plan: the total it reports (if it reports one) and the rows that total
   * implies. A page that differs says the set moved: `set-changed`.
   */
  holdTo(page: FetchedPage<unknown>, index: number, items: ListedItems): void {
    if (page.total !== undefined && page.total !== this.total)
      throw setChanged(
        items,
        `page ${index} reports ${page.total} ${items.many}, the listing counted ${this.total}`,
        page.requestId,
      );
    const expected = this.expectedRows(index);
    if (page.rows.length !== expected)
      throw setChanged(
        items,
        `page ${index} holds ${page.rows.length} ${items.many}, ${expected} expected`,
        page.requestId,
      );
  }
}

/**
 * The page sizes tried, largest first, when a server refuses a `limit`: each divides the ones above
 * it, so a one-page request's offset stays a multiple of the smaller limit, and from 1000 a server
 * capped at 100 (as other SWR APIs are) is reached in two refusals.
 */
export const LIMIT_LADDER = [MAX_PAGE_SIZE, 500, 100, 50, 10, 5, 1] as const;

/** The next smaller page size to try after `limit` was refused, or `undefined` at 1. */
export function smallerLimit(limit: number): number | undefined {
  return LIMIT_LADDER.find((size) => size < limit);
}

/** SWR's code for a page size it does not accept (400 `SVCSTG.SWR.4000056`). */
export const REFUSED_LIMIT_CODE = "SVCSTG.SWR.4000056";

/** Whether `error` is the server refusing the page size of the request. */
export function isRefusedLimit(error: unknown): boolean {
  return error instanceof SwrApiError && error.statusCode === 400 && error.serverCode === REFUSED_LIMIT_CODE;
}

/**
 * The largest page size of at most `atMost` that divides `limit`: a window of `limit` rows at an
 * offset that is a multiple of `limit` is then read in pages of that size, every offset a multiple.
 */
export function dividingLimit(limit: number, atMost: number): number {
  for (let size = Math.min(limit, atMost); size > 1; size--) if (limit % size === 0) return size;
  return 1;
}
