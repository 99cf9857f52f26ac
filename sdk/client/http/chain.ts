import { HttpResponse } from "./transport";

/** Query parameters of one request, as decoded strings (signing encodes and signs them). */
export type QueryPairs = ReadonlyArray<readonly [string, string]>;

/**
 * One GET of the API as it travels the request path: what to ask for, and how to read the answer.
 * `read` runs on the whole response, inside every interceptor, so a response it refuses (a page
 * cut short, which is retried) fails the attempt as a reset would.
 */
export interface SwrRequest<T> {
  /** The API path as decoded segments, e.g. `/v2/manage/repos`. */
  readonly path: string;
  /** The query pairs, in the order the URL carries them. */
  readonly query: QueryPairs;
  /** Turns the response into the caller's value, or throws an {@link SwrError} saying why not. */
  readonly read: (response: HttpResponse) => T;
}

/** Sends a request and resolves to what its `read` made of the response; `signal` ends the wait. */
export type Send = <T>(request: SwrRequest<T>, signal?: AbortSignal) => Promise<T>;

/** One step of the request path: it wraps the rest of the path, as undici's interceptors wrap a dispatch. */
export type Interceptor = (next: Send) => Send;

/**
 * Chains interceptors in front of `send`: the first given is the outermost, so each request meets
 * them in the order written and its response comes back through them in reverse.
 *
 * @example
 * const send = compose(retrying(strategy), gatedBy(gate), counting(onRequest))(signed);
 */
export function compose(...interceptors: readonly Interceptor[]): (send: Send) => Send {
  return (send) => interceptors.reduceRight<Send>((next, intercept) => intercept(next), send);
}
