import { ContentRange } from "./contentRange";
import { SwrListingError, SwrResponseError } from "./errors";
import { checkContentRange, fetchListPage, issueField, PageContext, parseJsonBody } from "./page";
import { PagingOptions } from "./pagination";
import { checkPageShape, linkedAbort, ListedItems, prefetchPages, requireRange, setChanged } from "./paging";
import { MAX_PAGE_SIZE } from "./query";
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
  const parsed = wireTagPageSchema.safeParse(parseJsonBody(body, requestId));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SwrResponseError(issueField(issue.path), issue.message, { requestId, statusCode: 200 });
  }
  const range = checkContentRange(contentRange, parsed.data.length, requestId);
  return { tags: parsed.data.map((w) => toImageTag(w, target)), range, requestId };
}

/** Sends one tag-list request (retrying transient failures) and returns the parsed page. */
export function fetchTagPage(context: PageContext, request: RepositoryTagRequest): Promise<FetchedTagPage> {
  return fetchListPage(
    context,
    repositoryTagsPath(request),
    tagQueryPairs(request),
    (body, contentRange, requestId) => parseTagPage(body, contentRange, requestId, request),
  );
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

const TAGS: ListedItems = { one: "tag", many: "tags" };

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

  const abort = linkedAbort(context.retry.signal);
  const ctx: PageContext = { ...context, retry: { ...context.retry, signal: abort.signal } };

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
    const total = requireRange(first).total;
    const pageCount = Math.max(1, Math.ceil(total / pageSize));
    if (pageCount > maxPages)
      throw new SwrListingError(
        "too-many-pages",
        `the tag listing needs ${pageCount} pages of ${pageSize}, more than maxPages (${maxPages}); raise pageSize or maxPages`,
        { requestId: first.requestId },
      );

    const check = (page: FetchedTagPage, index: number): void =>
      checkPageShape(page, page.tags.length, index, total, pageSize, TAGS);

    check(first, 0);
    yield { tags: admit(first.tags), index: 0, total, requestId: first.requestId };

    const pages = prefetchPages(
      (index) => fetchTagPage(ctx, tagPagingRequest(request, pageSize, index * pageSize)),
      1,
      pageCount,
      prefetch,
    );
    for await (const { index, page } of pages) {
      check(page, index);
      yield { tags: admit(page.tags), index, total, requestId: page.requestId };
    }

    if (seen.size !== total)
      throw setChanged(TAGS, `${seen.size} distinct tags seen, the server counts ${total}`, undefined);
  } finally {
    abort.dispose();
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
