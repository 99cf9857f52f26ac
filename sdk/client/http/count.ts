import { Interceptor } from "./chain";

/** Calls `onRequest` for every request that goes on through the path (each retry included). */
export function counting(onRequest: () => void): Interceptor {
  return (next) => (request, signal) => {
    onRequest();
    return next(request, signal);
  };
}
