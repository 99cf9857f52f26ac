import { SwrCredentialsError } from "../errors";
import { TemporaryCredentials } from "./credentials";
import { sendCredentialRequest } from "./credentialRequest";
import { readTemporaryCredentials } from "./temporaryCredentials";

/** The ECS/CCE instance metadata service, link-local on every instance. */
export const DEFAULT_METADATA_ENDPOINT = "http://169.254.169.254";

/** The variable that points the metadata client elsewhere (tests, a local proxy of the service). */
export const METADATA_ENDPOINT_ENV = "HW_ECS_METADATA_ENDPOINT";

/**
 * How long the metadata service gets to accept a connection. Off an instance (a laptop, a CI runner
 * elsewhere) nothing answers at 169.254.169.254, and a long wait there is what users report as a
 * hang: one second, a third of the Go SDK's three.
 */
export const METADATA_CONNECT_TIMEOUT_MS = 1_000;
/**
 * How long each exchange may take once connected: a service that accepted the connection is there,
 * and a busy instance may take a few seconds to answer.
 */
export const METADATA_TIMEOUT_MS = 5_000;

/** How long a session token of the metadata service is asked to last (what the Go SDK asks: six hours). */
const SESSION_TOKEN_TTL_SECONDS = "21600";

/** The source as messages name it. */
export function metadataSource(endpoint: URL): string {
  return `the ECS metadata service at ${endpoint.origin}`;
}

/**
 * Gets the instance's temporary credentials (those of the agency bound to the ECS or CCE node):
 * first a session token (`PUT /meta-data/latest/api/token`), then `GET /openstack/latest/securitykey`
 * with it. A service that has no token endpoint (404, 405) or cannot give one now (503) is asked
 * without one, as the Go SDK does. Errors name `source` (by default the service and its address).
 */
export async function metadataCredentials(
  endpoint: URL,
  source = metadataSource(endpoint),
  signal?: AbortSignal,
): Promise<TemporaryCredentials> {
  const common = {
    source,
    connectTimeoutMs: METADATA_CONNECT_TIMEOUT_MS,
    timeoutMs: METADATA_TIMEOUT_MS,
    signal,
  };
  const tokenAnswer = await sendCredentialRequest({
    ...common,
    method: "PUT",
    url: new URL("/meta-data/latest/api/token", endpoint),
    headers: { "X-Metadata-Token-Ttl-Seconds": SESSION_TOKEN_TTL_SECONDS },
  });
  const headers: Record<string, string> = { Accept: "application/json" };
  if (tokenAnswer.status === 200 && tokenAnswer.body !== "")
    headers["X-Metadata-Token"] = tokenAnswer.body.trim();
  else if (![404, 405, 503].includes(tokenAnswer.status))
    throw new SwrCredentialsError(source, `answered HTTP ${tokenAnswer.status} for a session token`, {
      statusCode: tokenAnswer.status,
    });
  const answer = await sendCredentialRequest({
    ...common,
    method: "GET",
    url: new URL("/openstack/latest/securitykey", endpoint),
    headers,
  });
  return readTemporaryCredentials(answer, 200, source);
}
