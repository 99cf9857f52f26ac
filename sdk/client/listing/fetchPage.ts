import { AdaptiveConcurrency } from "../http/adaptiveConcurrency";
import { ContentRange, parseContentRange } from "../http/contentRange";
import { abortErrorFor, SwrApiError, SwrNetworkError, SwrResponseError } from "../errors";
import { isCutShortJson } from "../http/body";
import { buildRequest } from "../http/signedRequest";
import { classifyFailure, parseRetryAfter, RetryContext, withRetry } from "../http/retryPolicy";
import { parseErrorBody } from "../schemas";
import { ResolvedSettings } from "../settings";
import { Transport } from "../http/transport";

/** Query parameters of one request, as decoded strings (the request builder encodes and signs them). */
export type QueryPairs = ReadonlyArray<readonly [string, string]>;

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

/** What fetching a page needs: where, how, and how to retry. */
export interface PageContext {
  readonly settings: ResolvedSettings;
  readonly send: Transport;
  readonly retry: RetryContext;
  /** Bounds the requests in flight; told of each success (throttles reach it through `retry.onFailure`). */
  readonly gate?: AdaptiveConcurrency;
  /** Counts every HTTP request sent, retries included. */
  readonly onRequest?: () => void;
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
 * Sends one GET of a list API at `path` with `pairs` (retrying transient failures through
 * `context.retry` and the concurrency gate) and hands a 200 response to `parse`; any other status
 * becomes a {@link SwrApiError} carrying the server's code, request id and `Retry-After`.
 */
export function fetchListPage<Row>(
  context: PageContext,
  path: string,
  pairs: QueryPairs,
  parse: PageParser<Row>,
): Promise<FetchedPage<Row>> {
  const signal = context.retry.signal;
  const attempt = async (): Promise<FetchedPage<Row>> => {
    // A listing that failed (a 401 above all: five bad signatures lock the AK) aborts its signal;
    // a request that waited for a slot meanwhile must not go out.
    if (signal?.aborted) throw abortErrorFor(signal);
    const request = buildRequest(context.settings, path, pairs, new Date(context.retry.now()), signal);
    context.onRequest?.();
    const response = await context.send(request);
    if (response.status !== 200) {
      const server = parseErrorBody(response.body);
      throw new SwrApiError(
        response.status,
        server.code,
        server.message,
        response.requestId ?? server.requestId,
        parseRetryAfter(response.headers["retry-after"], context.retry.now()),
      );
    }
    const page = parse(response.body, response.headers["content-range"], response.requestId);
    context.gate?.succeeded();
    return page;
  };
  const gate = context.gate;
  if (!gate) return withRetry(attempt, context.retry);
  // The gate learns of throttling from the attempt itself, so it can tell which limit was refused.
  return withRetry(
    () =>
      gate.run((throttled) =>
        attempt().catch((error: unknown) => {
          if (classifyFailure(error) === "throttle") throttled();
          throw error;
        }),
      ),
    context.retry,
  );
}
