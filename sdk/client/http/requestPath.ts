import { AdaptiveConcurrency } from "./adaptiveConcurrency";
import { compose, Send } from "./chain";
import { counting } from "./count";
import { gatedBy } from "./gate";
import { AttemptObserver, retrying } from "./retry";
import { exponentialBackoff, RetryOptions } from "./retryPolicy";
import { checkingStatus } from "./status";
import { abortableSleep } from "./timers";

/**
 * Requests in flight at once unless told otherwise. SWR documents no rate limit; 16 lists 20 pages
 * (20,000 repositories) in two waves instead of three, and at 100 ms a round trip stays near 160
 * requests a second for the few seconds a large listing takes. The adaptive gate halves it on the
 * first throttling answer and the retry waits as Huawei advises, so a tenant with a lower limit
 * gets its limit, not errors.
 */
export const DEFAULT_CONCURRENCY = 16;

/**
 * Requests in flight once the server has answered one while 16 were in flight, and until it first
 * throttles, when the caller set no concurrency: every page of a listing of up to 128,000
 * repositories after the first in at most two round trips (16 of them, then the rest at the first
 * answer). Bounded so that a huge listing does not open hundreds of connections at once.
 */
export const FIRST_WAVE = 128;

/** How one listing's requests are retried and gated; every field has a default. */
export interface RequestPathOptions {
  /**
   * Most requests in flight at once; lowered automatically while the server throttles. Unset, it is
   * 16, and up to {@link FIRST_WAVE} from the server's first answer with 16 in flight until it
   * first throttles.
   */
  readonly concurrency?: number;
  /** Retry behaviour for throttling and transient failures. */
  readonly retry?: RetryOptions;
  /** Clock in ms since the epoch (default `Date.now`); signs `X-Sdk-Date` and reads `Retry-After` dates. */
  readonly clock?: () => number;
  /** How to wait between retries (default a timer that an `AbortSignal` cancels). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Source of jitter in [0, 1) (default `Math.random`). */
  readonly random?: () => number;
}

/** Who hears of a listing's requests (for its stats). */
export interface RequestPathObserver {
  /** Each request that goes out, retries included. */
  readonly onRequest?: () => void;
  /** Each failed attempt, retried or not. */
  readonly onFailure?: AttemptObserver;
}

/**
 * The request path of one listing in front of `signed` (signing, debug log, transport). In order,
 * each request is retried (each attempt anew, so that every attempt is admitted, counted and signed
 * afresh), admitted by a gate of its own (which hears of throttling and of pages read), counted,
 * and held to status 200.
 */
export function listingRequestPath(
  signed: Send,
  options: RequestPathOptions = {},
  observe: RequestPathObserver = {},
): Send {
  const clock = options.clock ?? Date.now;
  return compose(
    retrying({
      policy: exponentialBackoff(options.retry, options.random),
      now: clock,
      sleep: options.sleep ?? abortableSleep,
      onFailure: observe.onFailure,
    }),
    gatedBy(
      // Unless the caller chose a limit, the first wave may be wide: see AdaptiveConcurrency.
      new AdaptiveConcurrency(
        Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY),
        options.concurrency === undefined ? FIRST_WAVE : undefined,
      ),
    ),
    counting(observe.onRequest ?? (() => undefined)),
    checkingStatus(clock),
  )(signed);
}
