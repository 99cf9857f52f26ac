import { abortErrorFor } from "../errors";
import { AdaptiveConcurrency } from "./adaptiveConcurrency";
import { Interceptor } from "./chain";
import { classifyFailure } from "./retryPolicy";

/**
 * Holds each request until `concurrency` has a slot, and tells it how the request went: throttled
 * (from the attempt itself, so the gate can tell which limit was refused) or read successfully.
 */
export function gatedBy(concurrency: AdaptiveConcurrency): Interceptor {
  return (next) => (request, signal) =>
    concurrency.run((throttled) => {
      // A listing that failed (a 401 above all: five bad signatures lock the AK) aborts its signal;
      // a request that waited for a slot meanwhile must not go out.
      if (signal?.aborted) throw abortErrorFor(signal);
      const read: typeof request.read = (response) => {
        const value = request.read(response);
        concurrency.succeeded();
        return value;
      };
      return next({ ...request, read }, signal).catch((error: unknown) => {
        if (classifyFailure(error) === "throttle") throttled();
        throw error;
      });
    });
}
