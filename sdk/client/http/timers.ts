import { abortErrorFor } from "../errors";

/** Waits `ms`, or rejects with a {@link SwrAbortError} as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortErrorFor(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortErrorFor(signal));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A signal that aborts with a `TimeoutError` after `ms`, as `AbortSignal.timeout` does, but kept
 * alive by its own (unref'd) timer: Node may collect an `AbortSignal.timeout` that only
 * `AbortSignal.any` refers to, clearing its timer, and the deadline then never comes.
 */
export function deadlineSignal(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException("the deadline passed", "TimeoutError")), ms).unref();
  return controller.signal;
}
