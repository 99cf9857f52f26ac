import { AdaptiveConcurrency } from "./concurrency";
import { withDebugLog } from "./debug";
import { SwrInputError, SwrListingError } from "./errors";
import { sortRepositories } from "./order";
import { fetchPage, PageContext } from "./page";
import { pageRepositories, PagingOptions, RepositoryPage } from "./pagination";
import { RepositoryQuery, validateQuery } from "./query";
import { abortableSleep, deadlineSignal, exponentialBackoff, RetryOptions } from "./retry";
import { Repository } from "./schemas";
import { resolveSettings, ResolvedSettings, SwrSettings } from "./settings";
import { collectRepositoryTags } from "./tagPagination";
import { ImageTag, RepositoryTagQuery, validateTagRequest } from "./tagSchemas";
import { createTransport, Transport, TransportOptions } from "./transport";

/** Everything a client can be told. Settings not given come from the environment. */
export interface SwrClientOptions extends SwrSettings {
  /** Most requests in flight at once (default 8); lowered automatically while the server throttles. */
  readonly concurrency?: number;
  /** Retry behaviour for throttling and transient failures. */
  readonly retry?: RetryOptions;
  /** Page size and safety limits of complete listings. */
  readonly paging?: PagingOptions;
  /** Timeouts, body cap, compression, connection pool and CA bundle. */
  readonly transport?: TransportOptions;
  /** How many times a complete listing starts over when the set changed under it (default 3). */
  readonly maxRelists?: number;
  /** Environment to read settings from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Clock in ms since the epoch (default `Date.now`); signs `X-Sdk-Date`. */
  readonly clock?: () => number;
  /** How to wait between retries (default a timer that an `AbortSignal` cancels). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Source of jitter in [0, 1) (default `Math.random`). */
  readonly random?: () => number;
  /** Receives one line per request and response, secrets redacted (for `--debug`). */
  readonly debug?: (line: string) => void;
}

/** Per-call options. */
export interface ListOptions {
  /** Cancels the listing; it then rejects with a {@link SwrAbortError}. */
  readonly signal?: AbortSignal;
  /** The whole listing must finish within this many ms, retries included. */
  readonly deadlineMs?: number;
  /** Called after each page with the count so far and the server's total (for progress displays). */
  readonly onProgress?: (listed: number, total: number) => void;
}

/** What a listing cost. */
export interface ListingStats {
  /** HTTP requests sent, retries included. */
  readonly requests: number;
  /** Failed attempts that were retried or gave up. */
  readonly failures: number;
  /** Of those, how many were throttling. */
  readonly throttled: number;
  /** Times the listing started over because the set changed under it. */
  readonly relists: number;
}

/** A listing: the repositories, how many there are, and what it cost. */
export interface RepositoryListing {
  /** The repositories, in the documented deterministic order. */
  readonly repositories: Repository[];
  /**
   * For a complete listing, the number of repositories listed. For one page (`limit`/`offset`),
   * the server's count of all matches.
   */
  readonly total: number;
  readonly stats: ListingStats;
}

/** A repository's tags, how many there are, and what listing them cost. */
export interface RepositoryTagListing {
  /** The tags, in the documented deterministic order (tag ascending unless an order was requested). */
  readonly tags: ImageTag[];
  /**
   * For a complete listing, the number of tags listed. For one page (`limit`/`offset`), the server's
   * count of all matches.
   */
  readonly total: number;
  readonly stats: ListingStats;
}

/**
 * A client of SWR's repository list. Settings are resolved and checked when it is built, so a
 * missing credential fails here, before any request. Close it to release its connections.
 *
 * @example
 * const client = new SwrClient({ region: "ap-southeast-1" }); // keys from HW_ACCESS_KEY / HW_SECRET_KEY
 * const { repositories } = await client.listRepositories({ namespace: "team-a" });
 * await client.close();
 */
export class SwrClient {
  readonly #settings: ResolvedSettings;
  readonly #send: Transport;
  readonly #close: () => Promise<void>;
  readonly #options: SwrClientOptions;

  constructor(options: SwrClientOptions = {}) {
    this.#settings = resolveSettings(options, options.env ?? process.env);
    const transport = createTransport({ proxy: this.#settings.proxy, ...options.transport });
    this.#send = options.debug ? withDebugLog(transport.send, options.debug) : transport.send;
    this.#close = transport.close;
    this.#options = options;
  }

  /** The endpoint requests go to (no secrets). */
  get endpoint(): string {
    return this.#settings.endpoint.href;
  }

  /**
   * Lists repositories. Without `limit`/`offset`, the complete set: every match exactly once, or an
   * error. With them, that one page. Either way in the documented order: the requested order with
   * (namespace, name) as tie-break, else (namespace, name). Invalid input throws {@link SwrInputError}
   * before any request.
   *
   * @example
   * const { repositories, total } = await client.listRepositories({ category: "linux" });
   */
  async listRepositories(query: RepositoryQuery = {}, options: ListOptions = {}): Promise<RepositoryListing> {
    const valid = validateQuery(query);
    const run = this.#run(options);
    if (valid.limit !== undefined && valid.offset !== undefined) {
      const page = await fetchPage(run.context, valid);
      const repositories =
        valid.name === undefined ? page.repositories : page.repositories.filter((r) => r.name === valid.name);
      options.onProgress?.(repositories.length, page.range?.total ?? repositories.length);
      return {
        repositories: sortRepositories(repositories, valid),
        total: page.range?.total ?? repositories.length,
        stats: run.stats(),
      };
    }
    const maxRelists = this.#options.maxRelists ?? 3;
    // Every page is kept anyway, so none waits for a slow one before it: a page held up by a
    // throttled retry or a `Retry-After` does not stall the rest (the gate still bounds what is in flight).
    const paging = { prefetch: Number.MAX_SAFE_INTEGER, ...this.#options.paging };
    for (let attempt = 0; ; attempt++) {
      try {
        const repositories: Repository[] = [];
        for await (const page of pageRepositories(run.context, valid, paging)) {
          for (const repo of page.repositories) repositories.push(repo);
          options.onProgress?.(repositories.length, page.total);
        }
        return {
          repositories: sortRepositories(repositories, valid),
          total: repositories.length,
          stats: run.stats(),
        };
      } catch (error) {
        if (!(error instanceof SwrListingError) || error.reason !== "set-changed" || attempt >= maxRelists)
          throw error;
        run.relisted();
      }
    }
  }

  /**
   * Streams the complete listing page by page, for callers who do not want the whole set in memory.
   * Each repository appears once, in name order of the pages; the stream ends normally only when the
   * listing is complete. It cannot start over, so a set that changes mid-stream throws a
   * {@link SwrListingError} with reason `set-changed`. `limit`/`offset` are not accepted here.
   *
   * @example
   * for await (const page of client.listRepositoryPages({ namespace: "team-a" })) {
   *   for (const repo of page.repositories) console.log(repo.path);
   * }
   */
  async *listRepositoryPages(
    query: RepositoryQuery = {},
    options: ListOptions = {},
  ): AsyncGenerator<RepositoryPage, void, undefined> {
    const valid = validateQuery(query);
    if (valid.limit !== undefined || valid.offset !== undefined)
      throw new SwrInputError([
        {
          field: valid.limit !== undefined ? "limit" : "offset",
          rule: "is not accepted when streaming, which always lists every page; use listRepositories for one page",
        },
      ]);
    const run = this.#run(options);
    let listed = 0;
    for await (const page of pageRepositories(run.context, valid, this.#options.paging)) {
      listed += page.repositories.length;
      options.onProgress?.(listed, page.total);
      yield page;
    }
  }

  /**
   * Lists the tags of one repository (`GET /v2/manage/namespaces/{namespace}/repos/{repository}/tags`).
   * Without `limit`/`offset`, every tag exactly once, verified against the server's total; with
   * them, that one page of the tag-ordered (or requested-order) list. Either way in the documented
   * order: the requested order with tag ascending as tie-break, else tag ascending. `tag` keeps
   * exactly that tag. Invalid input throws {@link SwrInputError} before any request; a repository
   * that does not exist is a {@link SwrApiError} with status 404.
   *
   * @example
   * const { tags } = await client.listRepositoryTags("team-a", "platform/api");
   * const image = selectImage(tags, { latest: true }).imageRef;
   */
  async listRepositoryTags(
    namespace: string,
    repository: string,
    query: RepositoryTagQuery = {},
    options: ListOptions = {},
  ): Promise<RepositoryTagListing> {
    const request = validateTagRequest(namespace, repository, query);
    const run = this.#run(options);
    const { tags, total } = await collectRepositoryTags(run.context, request, {
      paging: this.#options.paging,
      maxRelists: this.#options.maxRelists ?? 3,
      onProgress: options.onProgress,
      onRelist: run.relisted,
    });
    return { tags, total, stats: run.stats() };
  }

  /** Releases the connection pool. */
  async close(): Promise<void> {
    await this.#close();
  }

  /** Per-call state: the signal (caller's and deadline), the concurrency gate and the counters. */
  #run(options: ListOptions) {
    const o = this.#options;
    const clock = o.clock ?? Date.now;
    const signals = [
      options.signal,
      options.deadlineMs ? deadlineSignal(options.deadlineMs) : undefined,
    ].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const gate = new AdaptiveConcurrency(Math.max(1, o.concurrency ?? 8));
    let requests = 0;
    let failures = 0;
    let throttled = 0;
    let relists = 0;
    const context: PageContext = {
      settings: this.#settings,
      send: this.#send,
      gate,
      onRequest: () => requests++,
      retry: {
        policy: exponentialBackoff(o.retry, o.random),
        signal,
        now: clock,
        sleep: o.sleep ?? abortableSleep,
        onFailure: (_error, kind) => {
          failures++;
          if (kind === "throttle") throttled++;
        },
      },
    };
    return {
      context,
      stats: (): ListingStats => ({ requests, failures, throttled, relists }),
      relisted: () => relists++,
    };
  }
}
