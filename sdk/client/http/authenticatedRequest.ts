import { Credentials } from "../credentials/credentials";
import { authorizationHeader, encodeRfc3986, formatSdkDate } from "./akskSignature";
import { HttpRequest } from "./transport";

/** Identifies this client to the server; not signed, so proxies may rewrite it freely. */
const USER_AGENT = "pulumi-swr";

/**
 * What an HTTP header can carry unchanged: printable ASCII and Latin-1, no tab, no control
 * characters, no leading or trailing space (a header value is trimmed, so the server would see
 * another token or a signature over other bytes: a 401, and five of those lock the AK).
 */
const HEADER_SAFE = /^[\x21-\x7e\xa0-\xff](?:[\x20-\x7e\xa0-\xff]*[\x21-\x7e\xa0-\xff])?$/;

/** Whether a credential can travel in a header (or key a signature over headers) unchanged. */
export function isHeaderSafe(value: string): boolean {
  return HEADER_SAFE.test(value);
}

/** Where requests go: the endpoint and the project they act in. */
export interface RequestTarget {
  readonly endpoint: URL;
  readonly projectId?: string;
}

/**
 * Builds one GET authenticated with `credentials`: an IAM token, or an SDK-HMAC-SHA256 signature
 * (with `X-Security-Token` for temporary keys). Called once per attempt, so a retry carries a fresh
 * `X-Sdk-Date` (SWR rejects a date more than 15 minutes old) and the credentials valid then.
 */
export function buildRequest(
  target: RequestTarget,
  credentials: Credentials,
  path: string,
  query: ReadonlyArray<readonly [string, string]>,
  now: Date,
  signal?: AbortSignal,
): HttpRequest {
  const base = target.endpoint.pathname.replace(/\/+$/, "");
  const url = new URL(target.endpoint.origin);
  url.pathname = base + path.split("/").map(encodeRfc3986).join("/");
  url.search = query.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join("&");

  const signed: Record<string, string> = { Host: url.host };
  if (target.projectId) signed["X-Project-Id"] = target.projectId;
  const unsigned = { "User-Agent": USER_AGENT, Accept: "application/json" };
  if (credentials.kind === "token")
    return { url, headers: { ...signed, "X-Auth-Token": credentials.token, ...unsigned }, signal };
  signed["X-Sdk-Date"] = formatSdkDate(now);
  if (credentials.securityToken) signed["X-Security-Token"] = credentials.securityToken;
  const authorization = authorizationHeader(
    { method: "GET", path: base + path, query, headers: signed },
    credentials,
  );
  return { url, headers: { ...signed, Authorization: authorization, ...unsigned }, signal };
}
