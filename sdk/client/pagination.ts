import { SwrListingError } from "./errors";
import { fetchPage, FetchedPage, PageContext } from "./page";
import { checkPageShape, linkedAbort, ListedItems, prefetchPages, requireRange, setChanged } from "./paging";
import { MAX_PAGE_SIZE, RepositoryQuery } from "./query";
import { Repository, repositoryKey } from "./schemas";

/** How a complete listing pages. Every field has a default. */
export interface PagingOptions {
  /** Items per request, 1–1000 (default 1000: fewest round trips). */
  readonly pageSize?: number;
  /** The most pages one listing may take before it stops with an error (default 10 000). */
  readonly maxPages?: number;
  /**
   * Pages requested ahead of the consumer: default 16 when streaming, every page when collecting
   * (`listRepositories`). The concurrency gate bounds what is in flight either way.
   */
  readonly prefetch?: number;
  /** Rounds of re-querying boundary names when rows went missing (default 4). */
  readonly repairRounds?: number;
}

/** One step of a streamed listing. */
export interface RepositoryPage {
  /** Repositories seen for the first time in this step, in the server's order. */
  readonly repositories: readonly Repository[];
  /** `page` for the n-th page of the listing, `repair` for rows recovered by exact-name queries. */
  readonly kind: "page" | "repair";
  /** The page's number (from 0), or the repair round (from 1). */
  readonly index: number;
  /** How many repositories the server said match the query. */
  readonly total: number;
  /** `X-Request-Id` of the response (of the last one, for a repair step). */
  readonly requestId?: string;
}

/**
 * The wire query of one page: the caller's constraints, in name order. Name order keeps tie
 * groups small (one name in several organizations), which is what makes boundary repair cheap;
 * the caller's requested order is applied to the result, not to the paging.
 */
export function pagingQuery(query: RepositoryQuery, limit: number, offset: number): RepositoryQuery {
  const { orderColumn: _column, orderType: _type, ...constraints } = query;
  if (constraints.filter)
    return {
      ...constraints,
      filter: { ...constraints.filter, orderColumn: "name", orderType: "asc" },
      limit,
      offset,
    };
  return { ...constraints, orderColumn: "name", orderType: "asc", limit, offset };
}

/** The query that re-lists one name under the caller's constraints (where a filter carries the name, so must we). */
function nameQuery(query: RepositoryQuery, name: string, limit: number, offset: number): RepositoryQuery {
  const paged = pagingQuery(query, limit, offset);
  if (paged.filter?.name !== undefined) return { ...paged, filter: { ...paged.filter, name } };
  return { ...paged, name };
}

const REPOSITORIES: ListedItems = { one: "repository", many: "repositories" };

/**
 * Streams a complete listing: every repository matching `query` exactly once, page by page.
 *
 * Pages are requested concurrently in name order and de-duplicated by (namespace, name). Every page
 * must report the same total; when the de-duplicated count falls short (the server ordered a tie
 * group differently on two requests), the names at page boundaries are re-listed by name and merged.
 * The stream ends only when the count equals the total; otherwise it throws a {@link SwrListingError}
 * (`set-changed` when the set moved, which a collector may answer by starting over).
 * When `query.name` is set, only repositories of exactly that name are yielded, whatever the server matched.
 */
export async function* pageRepositories(
  context: PageContext,
  query: RepositoryQuery,
  options: PagingOptions = {},
): AsyncGenerator<RepositoryPage, void, undefined> {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  const maxPages = options.maxPages ?? 10_000;
  const prefetch = Math.max(1, options.prefetch ?? 16);
  const exactName = query.name;
  const seen = new Set<string>();
  const boundaryNames = new Set<string>();

  const abort = linkedAbort(context.retry.signal);
  const ctx: PageContext = { ...context, retry: { ...context.retry, signal: abort.signal } };

  const admit = (repositories: readonly Repository[]): Repository[] => {
    const fresh: Repository[] = [];
    for (const repo of repositories) {
      const key = repositoryKey(repo);
      if (seen.has(key)) continue;
      seen.add(key);
      if (exactName === undefined || repo.name === exactName) fresh.push(repo);
    }
    return fresh;
  };

  try {
    const first = await fetchPage(ctx, pagingQuery(query, pageSize, 0));
    const total = requireRange(first).total;
    const pageCount = Math.max(1, Math.ceil(total / pageSize));
    if (pageCount > maxPages)
      throw new SwrListingError(
        "too-many-pages",
        `the listing needs ${pageCount} pages of ${pageSize}, more than maxPages (${maxPages}); narrow the query or raise maxPages`,
        { requestId: first.requestId },
      );

    const check = (page: FetchedPage, index: number): void => {
      checkPageShape(page, page.repositories.length, index, total, pageSize, REPOSITORIES);
      const rows = page.repositories;
      if (rows.length > 0 && index > 0) boundaryNames.add(rows[0].name);
      if (rows.length > 0 && index < pageCount - 1) boundaryNames.add(rows[rows.length - 1].name);
    };

    check(first, 0);
    yield {
      repositories: admit(first.repositories),
      kind: "page",
      index: 0,
      total,
      requestId: first.requestId,
    };

    const pages = prefetchPages(
      (index) => fetchPage(ctx, pagingQuery(query, pageSize, index * pageSize)),
      1,
      pageCount,
      prefetch,
    );
    for await (const { index, page } of pages) {
      check(page, index);
      yield { repositories: admit(page.repositories), kind: "page", index, total, requestId: page.requestId };
    }

    for (
      let round = 1;
      seen.size < total && boundaryNames.size > 0 && round <= (options.repairRounds ?? 4);
      round++
    ) {
      const recovered = await Promise.all(
        [...boundaryNames].map((name) => listName(ctx, query, name, pageSize)),
      );
      const rows = recovered.flatMap((r) => r.rows);
      yield {
        repositories: admit(rows),
        kind: "repair",
        index: round,
        total,
        requestId: recovered.at(-1)?.requestId,
      };
    }
    if (seen.size > total)
      throw setChanged(
        REPOSITORIES,
        `${seen.size} distinct repositories seen, the server counts ${total}`,
        undefined,
      );
    if (seen.size < total)
      throw new SwrListingError(
        "incomplete",
        `only ${seen.size} of ${total} repositories could be listed: the server orders rows differently on every request ` +
          `and re-listing the names at page boundaries did not recover the rest`,
      );
  } finally {
    abort.dispose();
  }
}

/** Lists every row named exactly `name` under the caller's constraints (the server may match fuzzily). */
async function listName(
  context: PageContext,
  query: RepositoryQuery,
  name: string,
  pageSize: number,
): Promise<{ rows: Repository[]; requestId?: string }> {
  const rows: Repository[] = [];
  let requestId: string | undefined;
  for (let offset = 0, total = 1; offset < total; offset += pageSize) {
    const page = await fetchPage(context, nameQuery(query, name, pageSize, offset));
    total = requireRange(page).total;
    requestId = page.requestId;
    for (const repo of page.repositories) if (repo.name === name) rows.push(repo);
    if (page.repositories.length === 0) break;
  }
  return { rows, requestId };
}
