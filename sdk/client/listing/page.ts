import { QueryPairs, Send } from "../http/chain";

export type { QueryPairs } from "../http/chain";

/** One page as the server sent it, parsed and checked. */
export interface FetchedPage<Row> {
  /** The rows, in the server's order. */
  readonly rows: Row[];
  /**
   * How many rows the request matches in all, as the server said it (`Content-Range`, else the
   * rows' `total_range`); `undefined` when the response said nothing of it.
   */
  readonly total?: number;
  /** `X-Request-Id` of the response. */
  readonly requestId?: string;
}

/**
 * Reads a 200 body (its text, or its bytes when the transport kept them) into a page; throws
 * {@link SwrResponseError} naming what is wrong.
 */
export type PageParser<Row> = (
  body: string | Uint8Array,
  contentRange: string | undefined,
  requestId: string | undefined,
) => FetchedPage<Row>;

/** What fetching a page needs: the request path, and the signal that ends the listing. */
export interface PageContext {
  /** Every request of the listing goes through it (retried, gated, counted and signed: see `SwrClient`). */
  readonly send: Send;
  /** Aborts the listing: requests not yet sent stay unsent, those in flight and retry waits end. */
  readonly signal?: AbortSignal;
}

/** Fetches the page a query names: what the engine's parts ask for, and what tests script. */
export type FetchPage<Row> = (pairs: QueryPairs) => Promise<FetchedPage<Row>>;

/**
 * Sends one GET of a list API at `path` with `pairs` through `context.send` and hands a 200
 * response to `parse`, inside the request path, so that a page `parse` refuses as cut short is
 * retried like a reset; any other status is a {@link SwrApiError} from the path.
 */
export function fetchListPage<Row>(
  context: PageContext,
  path: string,
  pairs: QueryPairs,
  parse: PageParser<Row>,
): Promise<FetchedPage<Row>> {
  return context.send(
    {
      path,
      query: pairs,
      read: (response) =>
        parse(response.bytes ?? response.body, response.headers["content-range"], response.requestId),
    },
    context.signal,
  );
}
