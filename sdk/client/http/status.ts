import { SwrApiError } from "../errors";
import { parseErrorBody } from "./errorBody";
import { Interceptor } from "./chain";
import { parseRetryAfter } from "./retryPolicy";

/**
 * Turns any status but 200 into a {@link SwrApiError} carrying the server's code, request id and
 * `Retry-After` (read against `now`), before the request's own `read` sees the response.
 */
export function checkingStatus(now: () => number): Interceptor {
  return (next) => (request, signal) =>
    next(
      {
        ...request,
        read: (response) => {
          if (response.status !== 200) {
            const server = parseErrorBody(response.body);
            throw new SwrApiError(
              response.status,
              server.code,
              server.message,
              response.requestId ?? server.requestId,
              parseRetryAfter(response.headers["retry-after"], now()),
            );
          }
          return request.read(response);
        },
      },
      signal,
    );
}
