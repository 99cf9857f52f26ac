import { ResolvedSettings } from "../resolveSettings";
import { Send } from "./chain";
import { buildRequest } from "./signedRequest";
import { Transport } from "./transport";

/**
 * The end of the request path: signs each request at `now` for the endpoint and credentials of
 * `settings`, hands it to the wire (`transport`, behind the debug log when there is one) and reads
 * the response. The wire sees the signed headers; nothing above it does.
 */
export function signing(settings: ResolvedSettings, now: () => number): (transport: Transport) => Send {
  return (transport) => async (request, signal) =>
    request.read(
      await transport(buildRequest(settings, request.path, request.query, new Date(now()), signal)),
    );
}
