import { credentialProvider } from "../credentials/credentialChain";
import { CredentialProvider } from "../credentials/credentials";
import { SwrApiError } from "../errors";
import { ResolvedSettings } from "../resolveSettings";
import { Send } from "./chain";
import { buildRequest } from "./authenticatedRequest";
import { Transport } from "./transport";

/**
 * The end of the request path: authenticates each request at `now` with the credentials valid then
 * (see {@link CredentialProvider}), hands it to the wire (`transport`, behind the debug log when there
 * is one) and reads the response. The wire sees the signed headers; nothing above it does.
 *
 * A 401 to temporary credentials (they expired before the client thought, or were revoked) is
 * answered by renewing them from their source and sending the request once more; a 401 to long-lived
 * keys goes up unchanged and is never retried (five failures lock the AK for five minutes).
 */
export function authenticating(
  settings: ResolvedSettings,
  now: () => number,
  credentials: CredentialProvider = credentialProvider(settings.credentials, {
    clock: now,
    proxy: settings.proxy,
  }),
): (transport: Transport) => Send {
  return (transport) => async (request, signal) => {
    const used = await credentials.current(signal);
    const send = async (current: typeof used) =>
      request.read(
        await transport(
          buildRequest(settings, current, request.path, request.query, new Date(now()), signal),
        ),
      );
    try {
      return await send(used);
    } catch (error) {
      if (!(error instanceof SwrApiError) || error.statusCode !== 401) throw error;
      const renewed = await credentials.renewAfterRefusal(used, signal);
      if (renewed === undefined) throw error;
      return send(renewed);
    }
  };
}
