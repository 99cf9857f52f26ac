import { Comparator } from "./collation";
import { ListedItems } from "./failures";
import { PageParser, QueryPairs } from "./page";

/**
 * One way to page a list API: the order it asks the server for, and how to ask. A listing tries
 * an operation's routes in turn while the server does not honour their order, or refuses them.
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
  /**
   * Whether an error answering this route's requests means the server does not take the route (an
   * undocumented parameter refused, e.g. 400 `SVCSTG.SWR.4001035`): the listing then tries the next
   * route, as when the order is not honoured. Rows are checked on the client either way.
   */
  refusedBy?(error: unknown): boolean;
}

/** A complete listing as the engine runs it: what the rows are, how to check them, and the routes to try. */
export interface ListingSpec<Row> {
  readonly items: ListedItems;
  /** The API's path. */
  readonly path: string;
  /** Reads a 200 body and its total. */
  readonly parse: PageParser<Row>;
  /** What makes a row unique. */
  key(row: Row): string;
  /** Whether a row meets every constraint of the caller's query (the server's matching is not trusted). */
  accepts(row: Row): boolean;
  /** The routes to try, the preferred one first. */
  readonly routes: readonly ListingRoute<Row>[];
}

/** One page a caller asked for: its query at the page size the server takes. */
export interface OnePageRequest {
  readonly limit: number;
  readonly offset: number;
  /** The query of `limit` rows at `offset` (a smaller limit when the server refuses the caller's). */
  pairs(limit: number, offset: number): QueryPairs;
  /** The same page as a server of an older version takes it, asked when `refusedBy` the error of the first. */
  olderServer?(limit: number, offset: number): QueryPairs;
  /** Whether an error means the server does not take a parameter of `pairs`. */
  refusedBy?(error: unknown): boolean;
}

/**
 * A query made a plan, once: the complete listing (its routes and row check), or the one page the
 * query asks for, and the order of the output. The client executes it and sorts once.
 */
export interface ListingPlan<Row> {
  readonly listing: ListingSpec<Row>;
  /** Present when the query names one page (`limit` and `offset`). */
  readonly onePage?: OnePageRequest;
  /** Sorts the rows in place into the documented output order. */
  sort(rows: Row[]): Row[];
}
