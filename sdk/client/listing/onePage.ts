import { ListedItems } from "./failures";
import { FetchedPage } from "./page";
import { dividingLimit, smallerLimit } from "./pagePlan";
import { countRows, FetchAt, firstPage } from "./pageSizing";

/** The rows of one page a caller asked for, and the server's count of all matches. */
export interface PageWindow<Row> {
  readonly rows: Row[];
  readonly total: number;
}

/**
 * Reads the page of `limit` rows at `offset` a caller asked for, whatever page size the server
 * accepts and serves: a refused `limit` is read in pages of a smaller size that divides it, a page
 * served short is completed in pages of the size served (rounded down to divide `limit`), so every
 * offset stays a multiple of the limit sent. Without a total in any response, the list is walked to
 * its end to count it ({@link countRows}). `learned` holds the page size earlier listings found.
 */
export async function readWindow<Row>(
  fetchAt: FetchAt<Row>,
  limit: number,
  offset: number,
  items: ListedItems,
  maxPages: number,
  learned: { limit?: number } = {},
): Promise<PageWindow<Row>> {
  // A page size the server was seen to refuse or cut is not asked for again.
  const start =
    learned.limit !== undefined && learned.limit < limit ? dividingLimit(limit, learned.limit) : limit;
  const first = await firstPage(
    fetchAt,
    start,
    () => offset,
    (refused) => {
      const next = smallerLimit(refused);
      return next === undefined ? undefined : dividingLimit(limit, next);
    },
  );
  if (first.limit < limit) learned.limit = Math.min(learned.limit ?? first.limit, first.limit);
  let total = first.page.total;
  let size = first.limit;
  let rows = first.page.rows.slice(0, limit);
  const done = () =>
    rows.length === 0 || rows.length >= limit || (total !== undefined && offset + rows.length >= total);
  if (!done() && rows.length < size) {
    // Fewer rows than asked while more may be left: the end, or the server's page size. Pages of
    // the size served (rounded down to divide the window) go on from there; without a total, the
    // first of them tells which.
    const served = rows.length;
    size = dividingLimit(limit, served);
    const covered = Math.floor(served / size) * size;
    if (total === undefined) {
      const probe = await fetchAt(size, offset + covered);
      if (probe.rows.length < size) total = offset + covered + probe.rows.length;
    }
    if (!done()) rows = rows.slice(0, covered);
  }
  if (!done()) {
    const offsets: number[] = [];
    for (
      let at = offset + rows.length;
      at < offset + limit && (total === undefined || at < total);
      at += size
    )
      offsets.push(at);
    const pages: Array<FetchedPage<Row>> = await Promise.all(offsets.map((at) => fetchAt(size, at)));
    for (const page of pages) {
      rows.push(...page.rows);
      total ??= page.total;
      if (page.rows.length < size) break;
    }
  }
  if (total === undefined)
    total =
      rows.length < limit
        ? offset + rows.length
        : await countRows(fetchAt, offset + limit, size, items, maxPages);
  return { rows, total };
}
