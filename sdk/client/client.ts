import { credentialProvider } from "./credentials/credentialChain";
import { Redact, SwrInputError } from "./errors";
import { Send } from "./http/chain";
import { withDebugLog } from "./http/debug";
import { listingRequestPath, RequestPathOptions } from "./http/requestPath";
import { authenticating } from "./http/authenticating";
import { deadlineSignal } from "./http/timers";
import { createTransport, TransportOptions } from "./http/transport";
import {
  collectListing,
  fetchOnePage,
  Learned,
  ListingStep,
  PagingOptions,
  streamListing,
} from "./listing/engine";
import { PageContext } from "./listing/page";
import { ListingPlan } from "./listing/plan";
import { repositoryPlan } from "./operations/repositories";
import { tagPlan } from "./operations/tags";
import { ImageTag } from "./model/imageTag";
import { Repository } from "./model/repository";
import { RepositoryQuery, validateQuery } from "./query/repositoryQuery";
import { RepositoryTagQuery, validateTagRequest } from "./query/tagQuery";
import { createRedactor, redactError, settingsSecrets } from "./redact";
import { resolveSettings, ResolvedSettings } from "./resolveSettings";
import { SwrSettings } from "./settings";

/** Everything a client can be told. Settings not given come from the environment. */
export interface SwrClientOptions extends SwrSettings, RequestPathOptions {
  /** Page size and safety limits of complete listings. */
  readonly paging?: PagingOptions;
  /** Timeouts, body cap, compression, connection pool and CA bundle. */
  readonly transport?: TransportOptions;
  /** How many times a complete listing starts over when the set changed under it (default 3). */
  readonly maxRelists?: number;
  /** Environment to read settings from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Receives one line per request and response, secrets redacted (for `--debug`). */
  readonly debug?: (line: string) => void;
}

/** Per-call options. */
export interface ListOptions {
  /** Cancels the listing; it then rejects with a {@link SwrAbortError}. */
  readonly signal?: AbortSignal;
  /** The whole listing must finish within this many ms, retries included. */
  readonly deadlineMs?: number;
  /**
   * Called after each page with the distinct items the server has sent so far and its total (for
   * progress displays); items the client drops as not meeting the query are counted too.
   */
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

/** What every listing returns besides its rows: how many there are, and what it cost. */
export interface ListingResult {
  /**
   * For a complete listing, the number of items listed. For one page (`limit`/`offset`), the
   * server's count of all matches.
   */
  readonly total: number;
  readonly stats: ListingStats;
}

/** A listing of repositories, in the documented deterministic order. */
export interface RepositoryListing extends ListingResult {
  /** The repositories: the requested order with (namespace, name) as tie-break, else (namespace, name). */
  readonly repositories: Repository[];
}

/** A repository's tags, in the documented deterministic order. */
export interface RepositoryTagListing extends ListingResult {
  /** The tags: the requested order with tag ascending as tie-break, else tag ascending. */
  readonly tags: ImageTag[];
}

/** What every step of a streamed listing says besides its rows. */
export interface StreamedPage {
  /** `page` for the n-th page of the listing, `repair` for rows recovered where a page boundary cut a tie group. */
  readonly kind: "page" | "repair";
  /** The page's number (from 0), or the repair's (from 1). */
  readonly index: number;
  /** How many items the server said match the request. */
  readonly total: number;
  /** `X-Request-Id` of the response (of the last one, for a repair). */
  readonly requestId?: string;
}

/** One step of a streamed repository listing. */
export interface RepositoryPage extends StreamedPage {
  /** Repositories seen for the first time in this step that meet the query, in the server's order. */
  readonly repositories: readonly Repository[];
}

/** One step of a streamed tag listing. */
export interface RepositoryTagPage extends StreamedPage {
  /** Tags seen for the first time in this step (only exact matches when the query names a tag). */
  readonly tags: readonly ImageTag[];
}

/**
 * A client of SWR's repository list. Settings are resolved and checked when it is built (a named
 * KooCLI profile is read then), so a bad setting fails here, before any request; credentials from
 * the metadata service or an assumed agency are obtained at the first request, and renewed before
 * they expire. Close it to release its connections.
 *
 * @example
 * const client = new SwrClient({ region: "ap-southeast-1" }); // keys from HW_ACCESS_KEY / HW_SECRET_KEY
 * const { repositories } = await client.listRepositories({ namespace: "team-a" });
 * await client.close();
 */
export class SwrClient {
  readonly #settings: ResolvedSettings;
  /** The client's end of every request path: signing, the debug log and the transport. */
  readonly #signed: Send;
  readonly #close: () => Promise<void>;
  readonly #options: SwrClientOptions;
  /**
   * Removes every configured secret from errors and debug lines, even when the server echoed one:
   * every call runs through {@link SwrClient.#list} or {@link SwrClient.#stream}, which apply it.
   */
  readonly #redact: Redact;
  /** The page size the server takes, per list (repositories, tags), once a listing has learned it. */
  readonly #learned = new Map<string, Learned>();

  constructor(options: SwrClientOptions = {}) {
    this.#settings = resolveSettings(options, options.env ?? process.env);
    const clock = options.clock ?? Date.now;
    const { proxy } = this.#settings;
    const credentials = credentialProvider(this.#settings.credentials, {
      clock,
      proxy,
      ca: options.transport?.ca,
    });
    // Temporary credentials arrive after construction: each redaction asks for the secrets held then.
    const configured = settingsSecrets(this.#settings);
    this.#redact = (text) => createRedactor([...configured, ...credentials.secrets()])(text);
    const transport = createTransport({ proxy, ...options.transport });
    // The debug log sits on the wire, below signing, so it shows each attempt as sent (redacted).
    const wire = options.debug ? withDebugLog(transport.send, options.debug, this.#redact) : transport.send;
    this.#signed = authenticating(this.#settings, clock, credentials)(wire);
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
  listRepositories(query: RepositoryQuery = {}, options: ListOptions = {}): Promise<RepositoryListing> {
    return this.#list(
      () => repositoryPlan(validateQuery(query)),
      options,
      (repositories, result) => ({ repositories, ...result }),
    );
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
  listRepositoryPages(
    query: RepositoryQuery = {},
    options: ListOptions = {},
  ): AsyncGenerator<RepositoryPage, void, undefined> {
    return this.#stream(
      () => repositoryPlan(refuseOnePage(validateQuery(query))),
      options,
      (repositories, page) => ({ ...page, repositories }),
    );
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
  listRepositoryTags(
    namespace: string,
    repository: string,
    query: RepositoryTagQuery = {},
    options: ListOptions = {},
  ): Promise<RepositoryTagListing> {
    return this.#list(
      () => tagPlan(validateTagRequest(namespace, repository, query)),
      options,
      (tags, result) => ({ tags, ...result }),
    );
  }

  /**
   * Streams every tag of one repository page by page, each exactly once; the stream ends normally
   * only when the listing is complete. It cannot start over, so a set that changes mid-stream throws
   * a {@link SwrListingError} with reason `set-changed`. `limit`/`offset` are not accepted here.
   *
   * @example
   * for await (const page of client.listRepositoryTagPages("team-a", "platform/api")) {
   *   for (const tag of page.tags) console.log(tag.imageRef);
   * }
   */
  listRepositoryTagPages(
    namespace: string,
    repository: string,
    query: RepositoryTagQuery = {},
    options: ListOptions = {},
  ): AsyncGenerator<RepositoryTagPage, void, undefined> {
    return this.#stream(
      () => tagPlan(refuseOnePage(validateTagRequest(namespace, repository, query))),
      options,
      (tags, page) => ({ ...page, tags }),
    );
  }

  /** Releases the connection pool. */
  async close(): Promise<void> {
    await this.#close();
  }

  /**
   * Runs a collecting call: plans the query (validating it), lists the one page or the complete set,
   * sorts once, and shapes the result. Whatever it throws has the client's secrets removed.
   */
  async #list<Row, Result>(
    planQuery: () => ListingPlan<Row>,
    options: ListOptions,
    shape: (rows: Row[], result: ListingResult) => Result,
  ): Promise<Result> {
    try {
      const plan = planQuery();
      const run = this.#run(options);
      const paging = this.#options.paging;
      const learned = this.#learnedFor(plan);
      if (plan.onePage) {
        const { rows, total } = await fetchOnePage(plan.listing, run.context, plan.onePage, paging, learned);
        options.onProgress?.(rows.length, total);
        return shape(plan.sort(rows), { total, stats: run.stats() });
      }
      const rows = await collectListing(
        plan.listing,
        run.context,
        {
          ...paging,
          maxRelists: this.#options.maxRelists ?? 3,
          onProgress: options.onProgress,
          onRelist: run.relisted,
        },
        learned,
      );
      return shape(plan.sort(rows), { total: rows.length, stats: run.stats() });
    } catch (error) {
      throw redactError(error, this.#redact);
    }
  }

  /**
   * Runs a streaming call: plans the query (validating it, when the stream is first read) and yields
   * each step of the complete listing, shaped. Whatever it throws has the client's secrets removed.
   */
  async *#stream<Row, Page>(
    planQuery: () => ListingPlan<Row>,
    options: ListOptions,
    shape: (rows: readonly Row[], page: StreamedPage) => Page,
  ): AsyncGenerator<Page, void, undefined> {
    try {
      const plan = planQuery();
      const run = this.#run(options);
      const learned = this.#learnedFor(plan);
      for await (const step of streamListing(plan.listing, run.context, this.#options.paging, learned)) {
        options.onProgress?.(step.listed, step.total);
        yield shape(step.rows, pageFields(step));
      }
    } catch (error) {
      throw redactError(error, this.#redact);
    }
  }

  /** What this client's listings of the plan's list have learned of the server's page size. */
  #learnedFor(plan: ListingPlan<unknown>): Learned {
    const list = plan.listing.items.many;
    let learned = this.#learned.get(list);
    if (!learned) this.#learned.set(list, (learned = {}));
    return learned;
  }

  /** Per-call state: the signal (caller's and deadline), the counters, and the request path that feeds them. */
  #run(options: ListOptions): Run {
    const signals = [
      options.signal,
      options.deadlineMs ? deadlineSignal(options.deadlineMs) : undefined,
    ].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    let requests = 0;
    let failures = 0;
    let throttled = 0;
    let relists = 0;
    const send = listingRequestPath(this.#signed, this.#options, {
      onRequest: () => requests++,
      onFailure: (_error, kind) => {
        failures++;
        if (kind === "throttle") throttled++;
      },
    });
    return {
      context: { send, signal },
      stats: (): ListingStats => ({ requests, failures, throttled, relists }),
      relisted: () => relists++,
    };
  }
}

/** Per-call state of a listing. */
interface Run {
  readonly context: PageContext;
  readonly stats: () => ListingStats;
  readonly relisted: () => void;
}

/** The fields a streamed step shares whatever it lists. */
function pageFields<Row>(step: ListingStep<Row>): StreamedPage {
  return { kind: step.kind, index: step.index, total: step.total, requestId: step.requestId };
}

/** Streaming always lists every page: `limit`/`offset` belong to the collecting call. */
function refuseOnePage<Query extends { readonly limit?: number; readonly offset?: number }>(
  query: Query,
): Query {
  if (query.limit !== undefined || query.offset !== undefined)
    throw new SwrInputError([
      {
        field: query.limit !== undefined ? "limit" : "offset",
        rule: "is not accepted when streaming, which always lists every page; ask the collecting call for one page",
      },
    ]);
  return query;
}
