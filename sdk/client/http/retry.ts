import { abortErrorFor, SwrApiError, SwrError } from "../errors";
import { Interceptor } from "./chain";
import { classifyFailure, FailureClass, RetryPolicy } from "./retryPolicy";

/** What {@link withRetry} reports about each failed attempt (for stats). */
export type AttemptObserver = (error: SwrError, kind: FailureClass) => void;

/** How to retry, whatever the request: the policy, the clock, how to wait, who hears of failures. */
export interface RetryStrategy {
  readonly policy: RetryPolicy;
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly onFailure?: AttemptObserver;
}

/** What {@link withRetry} needs besides the attempt itself. */
export interface RetryContext extends RetryStrategy {
  readonly signal?: AbortSignal;
}

/**
 * Runs `attempt` until it succeeds, the policy gives up, or the signal aborts.
 * Only {@link SwrError}s are classified; anything else is a bug and propagates at once.
 */
export async function withRetry<T>(attempt: () => Promise<T>, context: RetryContext): Promise<T> {
  // Throttled attempts and failed ones are counted apart (see RetryOptions.maxAttempts).
  const counts: Record<FailureClass, number> = { throttle: 0, transient: 0, fatal: 0 };
  for (;;) {
    if (context.signal?.aborted) throw abortErrorFor(context.signal);
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof SwrError)) throw error;
      const kind = classifyFailure(error);
      context.onFailure?.(error, kind);
      const retryAfter = error instanceof SwrApiError ? error.retryAfterMs : undefined;
      const delay = context.policy.delayMs(++counts[kind], kind, retryAfter);
      if (delay === undefined) throw error;
      await context.sleep(delay, context.signal);
    }
  }
}

/**
 * Retries each request through the rest of the path, so every attempt is admitted by the gate,
 * counted and signed afresh (SWR refuses an `X-Sdk-Date` more than 15 minutes old).
 */
export function retrying(strategy: RetryStrategy): Interceptor {
  return (next) => (request, signal) => withRetry(() => next(request, signal), { ...strategy, signal });
}
