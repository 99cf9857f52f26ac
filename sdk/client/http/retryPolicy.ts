import { SwrApiError, SwrNetworkError } from "../errors";

/** How a failure should be treated: wait longer and slow down, wait briefly, or give up. */
export type FailureClass = "throttle" | "transient" | "fatal";

/** Server codes that mean "too many requests" whatever the HTTP status says. */
const THROTTLE_CODES = new Set(["APIG.0308", "SVCSTG.SWR.4031042"]);
/** Server codes that mean "busy, try again". */
const TRANSIENT_CODES = new Set(["SVCSTG.SWR.4090023", "SVCSTG.SWR.5000008"]);

/**
 * Classifies a failure in one place. Never retried: 401 (five bad signatures lock the AK for
 * five minutes), 400 and other 4xx, and anything that is not a request failure.
 */
export function classifyFailure(error: unknown): FailureClass {
  if (error instanceof SwrNetworkError) return error.retryable ? "transient" : "fatal";
  if (!(error instanceof SwrApiError)) return "fatal";
  if (error.serverCode && THROTTLE_CODES.has(error.serverCode)) return "throttle";
  if (error.statusCode === 429) return "throttle";
  if (error.serverCode && TRANSIENT_CODES.has(error.serverCode)) return "transient";
  if (error.statusCode !== undefined && error.statusCode >= 500) return "transient";
  return "fatal";
}

/** Retry behaviour; every field has a default. */
export interface RetryOptions {
  /**
   * Attempts per request, the first included (default 10). Throttled attempts and failed ones are
   * counted apart, each up to this number: a 429 says "slower", not "broken", and the gate is already
   * slowing the listing down, so a busy shared server does not use up the retries a fault needs.
   */
  readonly maxAttempts?: number;
  /** First backoff for transient failures, in ms (default 100). */
  readonly baseDelayMs?: number;
  /** First backoff for throttling, in ms (default 500). */
  readonly throttleBaseDelayMs?: number;
  /** Longest computed backoff, in ms (default 5 000: the top of Huawei's advised 2–5 s). */
  readonly maxDelayMs?: number;
  /** Longest `Retry-After` honoured, in ms (default 30 000); a longer one is cut to this. */
  readonly maxRetryAfterMs?: number;
}

/** A retry policy: how many attempts, and how long to wait before the next one. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  /**
   * The wait before the next attempt after the `attempt`-th failure of class `kind` (throttled
   * attempts counted apart from failed ones), or `undefined` to give up. `retryAfterMs` is the
   * server's `Retry-After`, when it sent one.
   */
  delayMs(attempt: number, kind: FailureClass, retryAfterMs: number | undefined): number | undefined;
}

/**
 * Capped exponential backoff with full jitter (a random wait between 0 and the cap), so that
 * concurrent pagers do not retry in lockstep; a server's `Retry-After` is a floor, bounded.
 */
export function exponentialBackoff(
  options: RetryOptions = {},
  random: () => number = Math.random,
): RetryPolicy {
  const maxAttempts = options.maxAttempts ?? 10;
  const base = options.baseDelayMs ?? 100;
  const throttleBase = options.throttleBaseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 5_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 30_000;
  return {
    maxAttempts,
    delayMs(attempt, kind, retryAfterMs) {
      if (kind === "fatal" || attempt >= maxAttempts) return undefined;
      const ceiling = Math.min(cap, (kind === "throttle" ? throttleBase : base) * 2 ** (attempt - 1));
      const jittered = Math.floor(random() * ceiling);
      return retryAfterMs === undefined
        ? jittered
        : Math.max(Math.min(retryAfterMs, maxRetryAfter), jittered);
    },
  };
}

/** Parses `Retry-After` (seconds or an HTTP date) into ms from `now`. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
