import { setMaxListeners } from "node:events";
import { ContentRange, parseContentRange } from "./contentRange";
import { SwrApiError, SwrListingError, SwrResponseError } from "./errors";
import { PageContext } from "./page";
import { PagingOptions } from "./pagination";
import { MAX_PAGE_SIZE } from "./query";
import { buildRequest } from "./request";
import { parseRetryAfter, withRetry } from "./retry";
import { parseErrorBody } from "./schemas";
import {
  ImageTag,
  RepositoryTagQuery,
  RepositoryTagRequest,
  TagTarget,
  toImageTag,
  wireTagPageSchema,
} from "./tagSchemas";
import { sortTags } from "./tags";

/**
 * The path of "Querying the List of Image Repository Tags". SWR wants a `/` inside a repository
 * name sent as `$`; the request builder then percent-encodes it, and signs the same path.
 */
export function repositoryTagsPath(target: TagTarget): string {
  return `/v2/manage/namespaces/${target.namespace}/repos/${target.repository.replace(/\//g, "$")}/tags`;
}

/** The wire query pairs of one tag request; values are decoded strings (the transport encodes them). */
export function tagQueryPairs(query: RepositoryTagQuery): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const add = (key: string, value: string | number | undefined) => {
    if (value !== undefined) pairs.push([key, String(value)]);
  };
  add("tag", query.tag);
  add("limit", query.limit);
  add("offset", query.offset);
  add("order_column", query.orderColumn);
  add("order_type", query.orderType);
  return pairs;
}

/** One page of tags as the server sent it, parsed and checked. */
export interface FetchedTagPage {
  /** The tags, in the server's order. */
  readonly tags: ImageTag[];
  /** The page's `Content-Range`, present when `limit` and `offset` were sent. */
  readonly range?: ContentRange;
  /** `X-Request-Id` of the response. */
  readonly requestId?: string;
}

/** Parses a 200 body of the tag list and its `Content-Range`; a wrong field becomes a {@link SwrResponseError} naming it. */
export function parseTagPage(
  body: string,
  contentRange: string | undefined,
  requestId: string | undefined,
  target: TagTarget,
): FetchedTagPage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new SwrResponseError("body", "is not JSON", { requestId, cause, statusCode: 200 });
  }
  const parsed = wireTagPageSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field =
      issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("") || "body";
    throw new SwrResponseError(field.replace(/^\./, ""), issue.message, { requestId, statusCode: 200 });
  }
  const range = parseContentRange(contentRange);
  if (typeof range === "string")
    throw new SwrResponseError("Content-Range", range, { requestId, statusCode: 200 });
  if (range && range.count !== parsed.data.length)
    throw new SwrResponseError(
      "Content-Range",
      `says ${range.count} items but the body holds ${parsed.data.length}`,
      { requestId, statusCode: 200 },
    );
  return { tags: parsed.data.map((w) => toImageTag(w, target)), range, requestId };
}

/** Sends one tag-list request (retrying transient failures) and returns the parsed page. */
export function fetchTagPage(context: PageContext, request: RepositoryTagRequest): Promise<FetchedTagPage> {
  const path = repositoryTagsPath(request);
  const pairs = tagQueryPairs(request);
  const attempt = async (): Promise<FetchedTagPage> => {
    const built = buildRequest(
      context.settings,
      path,
      pairs,
      new Date(context.retry.now()),
      context.retry.signal,
    );
    context.onRequest?.();
    const response = await context.send(built);
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
    const page = parseTagPage(response.body, response.headers["content-range"], response.requestId, request);
    context.gate?.succeeded();
    return page;
  };
  const gate = context.gate;
  return withRetry(gate ? () => gate.run(attempt) : attempt, context.retry);
}

/** One page of a streamed tag listing. */
export interface RepositoryTagPage {
  /** Tags seen for the first time on this page (only exact matches when the query names a tag). */
  readonly tags: readonly ImageTag[];
  /** The page's number, from 0. */
  readonly index: number;
  /** How many tags the server said match the query. */
  readonly total: number;
  /** `X-Request-Id` of the response. */
  readonly requestId?: string;
}

/**
 * The wire request of one page: the caller's constraints, in tag order. Tags are unique within a
 * repository, so this order has no ties: offset pages of a set that does not move are disjoint and
 * cover it, with no tie groups to repair. The caller's order is applied to the result instead.
 */
export function tagPagingRequest(
  request: RepositoryTagRequest,
  limit: number,
  offset: number,
): RepositoryTagRequest {
  const { orderColumn: _column, orderType: _type, ...constraints } = request;
  return { ...constraints, orderColumn: "tag", orderType: "asc", limit, offset };
}

function rangeOf(page: FetchedTagPage): ContentRange {
  if (!page.range)
    throw new SwrResponseError(
      "Content-Range",
      "is missing from a response to a request with limit and offset",
      {
        requestId: page.requestId,
        statusCode: 200,
      },
    );
  return page.range;
}

function setChanged(detail: string, requestId: string | undefined): SwrListingError {
  return new SwrListingError("set-changed", `the tag set changed while it was being listed: ${detail}`, {
    requestId,
  });
}

/**
 * Streams every tag of a repository matching the request exactly once, page by page.
 *
 * Pages are requested concurrently in tag order and de-duplicated by tag. Every page must report
 * the same total and hold the rows that total implies; as the order has no ties, a distinct count
 * other than the total can only mean the set moved, so the stream then throws a
 * {@link SwrListingError} with reason `set-changed` (a collector may answer by starting over).
 * When `request.tag` is set, only that exact tag is yielded, whatever the server matched.
 */
export async function* pageRepositoryTags(
  context: PageContext,
  request: RepositoryTagRequest,
  options: PagingOptions = {},
): AsyncGenerator<RepositoryTagPage, void, undefined> {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  const maxPages = options.maxPages ?? 10_000;
  const prefetch = Math.max(1, options.prefetch ?? 16);
  const seen = new Set<string>();

  // Our own controller, so that a consumer who stops early cancels the pages still in flight.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per request in flight, by design
  const outer = context.retry.signal;
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  outer?.addEventListener("abort", onOuterAbort, { once: true });
  const ctx: PageContext = { ...context, retry: { ...context.retry, signal: controller.signal } };

  const admit = (tags: readonly ImageTag[]): ImageTag[] => {
    const fresh: ImageTag[] = [];
    for (const tag of tags) {
      if (seen.has(tag.tag)) continue;
      seen.add(tag.tag);
      if (request.tag === undefined || tag.tag === request.tag) fresh.push(tag);
    }
    return fresh;
  };

  try {
    const first = await fetchTagPage(ctx, tagPagingRequest(request, pageSize, 0));
    const total = rangeOf(first).total;
    const pageCount = Math.max(1, Math.ceil(total / pageSize));
    if (pageCount > maxPages)
      throw new SwrListingError(
        "too-many-pages",
        `the tag listing needs ${pageCount} pages of ${pageSize}, more than maxPages (${maxPages}); raise pageSize or maxPages`,
        { requestId: first.requestId },
      );

    const check = (page: FetchedTagPage, index: number): void => {
      const range = rangeOf(page);
      if (range.total !== total)
        throw setChanged(
          `page ${index} reports ${range.total} tags, page 0 reported ${total}`,
          page.requestId,
        );
      const expected = Math.min(pageSize, total - index * pageSize);
      if (page.tags.length !== expected)
        throw setChanged(
          `page ${index} holds ${page.tags.length} tags, ${expected} expected`,
          page.requestId,
        );
    };

    check(first, 0);
    yield { tags: admit(first.tags), index: 0, total, requestId: first.requestId };

    const inflight = new Map<number, Promise<FetchedTagPage>>();
    let next = 1;
    for (let index = 1; index < pageCount; index++) {
      while (next < pageCount && inflight.size < prefetch) {
        const pending = fetchTagPage(ctx, tagPagingRequest(request, pageSize, next * pageSize));
        pending.catch(() => undefined); // awaited in order below; this only marks it handled if we stop early
        inflight.set(next++, pending);
      }
      const page = await (inflight.get(index) as Promise<FetchedTagPage>);
      inflight.delete(index);
      check(page, index);
      yield { tags: admit(page.tags), index, total, requestId: page.requestId };
    }

    if (seen.size !== total)
      throw setChanged(`${seen.size} distinct tags seen, the server counts ${total}`, undefined);
  } finally {
    outer?.removeEventListener("abort", onOuterAbort);
    controller.abort();
  }
}

/** How {@link collectRepositoryTags} pages and starts over. */
export interface TagCollectOptions {
  readonly paging?: PagingOptions;
  /** How many times to start over when the set changed under the listing. */
  readonly maxRelists: number;
  /** Called after each page with the count so far and the server's total. */
  readonly onProgress?: (listed: number, total: number) => void;
  /** Called each time the listing starts over. */
  readonly onRelist?: () => void;
}

/**
 * Lists a repository's tags in the documented order (see {@link sortTags}). With `limit`/`offset`,
 * that one page of the tag-ordered (or requested-order) list, and the server's total; without,
 * every tag exactly once, starting over (at most `maxRelists` times) when the set moved.
 */
export async function collectRepositoryTags(
  context: PageContext,
  request: RepositoryTagRequest,
  options: TagCollectOptions,
): Promise<{ tags: ImageTag[]; total: number }> {
  if (request.limit !== undefined && request.offset !== undefined) {
    // Without a requested order, the page is a page of the documented order, not the server's default.
    const ordered: RepositoryTagRequest =
      request.orderColumn === undefined ? { ...request, orderColumn: "tag", orderType: "asc" } : request;
    const page = await fetchTagPage(context, ordered);
    const tags = request.tag === undefined ? page.tags : page.tags.filter((t) => t.tag === request.tag);
    const total = page.range?.total ?? tags.length;
    options.onProgress?.(tags.length, total);
    return { tags: sortTags(tags, request), total };
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const tags: ImageTag[] = [];
      for await (const page of pageRepositoryTags(context, request, options.paging)) {
        tags.push(...page.tags);
        options.onProgress?.(tags.length, page.total);
      }
      return { tags: sortTags(tags, request), total: tags.length };
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
