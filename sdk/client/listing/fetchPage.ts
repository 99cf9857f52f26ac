import { SwrNetworkError, SwrResponseError } from "../errors";
import { isCutShortJson } from "../http/body";
import { QueryPairs, Send } from "../http/chain";
import { ContentRange, parseContentRange } from "../http/contentRange";

export type { QueryPairs } from "../http/chain";

/** One page as the server sent it, parsed and checked. */
export interface FetchedPage<Row> {
  /** The rows, in the server's order. */
  readonly rows: Row[];
  /** The page's `Content-Range`, present when `limit` and `offset` were sent. */
  readonly range?: ContentRange;
  /** `X-Request-Id` of the response. */
  readonly requestId?: string;
}

/** Reads a 200 body into a page; throws {@link SwrResponseError} naming what is wrong. */
export type PageParser<Row> = (
  body: string,
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

/**
 * Parses a 200 body as JSON. A body cut short (JSON that ends before it closes, whatever
 * `Content-Length` said) is a retryable {@link SwrNetworkError}, like a reset; a body that is not
 * JSON at all becomes a {@link SwrResponseError} on `body`.
 */
export function parseJsonBody(body: string, requestId: string | undefined): unknown {
  try {
    return JSON.parse(body);
  } catch (cause) {
    if (isCutShortJson(body))
      throw new SwrNetworkError(
        `the response body ended after ${body.length} characters, before its JSON did`,
        {
          requestId,
          cause,
          statusCode: 200,
        },
      );
    throw new SwrResponseError("body", "is not JSON", { requestId, cause, statusCode: 200 });
  }
}

/** The field a schema issue points at, as `[0].name` reads (`body` for the whole body). */
export function issueField(path: readonly PropertyKey[] | undefined): string {
  const field = path?.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("") || "body";
  return field.replace(/^\./, "");
}

/** Parses a page's `Content-Range` and holds it to the `count` rows the body holds. */
export function checkContentRange(
  contentRange: string | undefined,
  count: number,
  requestId: string | undefined,
): ContentRange | undefined {
  const range = parseContentRange(contentRange);
  if (typeof range === "string")
    throw new SwrResponseError("Content-Range", range, { requestId, statusCode: 200 });
  if (range && range.count !== count)
    throw new SwrResponseError("Content-Range", `says ${range.count} items but the body holds ${count}`, {
      requestId,
      statusCode: 200,
    });
  return range;
}

/** The `Content-Range` of a page requested with `limit` and `offset`, which the server must send. */
export function requireRange(page: {
  readonly range?: ContentRange;
  readonly requestId?: string;
}): ContentRange {
  if (!page.range)
    throw new SwrResponseError(
      "Content-Range",
      "is missing from a response to a request with limit and offset",
      { requestId: page.requestId, statusCode: 200 },
    );
  return page.range;
}

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
      read: (response) => parse(response.body, response.headers["content-range"], response.requestId),
    },
    context.signal,
  );
}
