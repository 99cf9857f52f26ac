import { ResolvedSettings } from "../resolveSettings";
import { authorizationHeader, encodeRfc3986, formatSdkDate } from "./signature";
import { HttpRequest } from "./transport";

/** Identifies this client to the server; not signed, so proxies may rewrite it freely. */
const USER_AGENT = "pulumi-swr";

/**
 * Builds one signed GET. Called once per attempt, so a retry carries a fresh `X-Sdk-Date`
 * (SWR rejects a date more than 15 minutes old).
 */
export function buildRequest(
  settings: ResolvedSettings,
  path: string,
  query: ReadonlyArray<readonly [string, string]>,
  now: Date,
  signal?: AbortSignal,
): HttpRequest {
  const base = settings.endpoint.pathname.replace(/\/+$/, "");
  const url = new URL(settings.endpoint.origin);
  url.pathname = base + path.split("/").map(encodeRfc3986).join("/");
  url.search = query.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join("&");

  const signed: Record<string, string> = { Host: url.host };
  if (settings.projectId) signed["X-Project-Id"] = settings.projectId;
  const credentials = settings.credentials;
  if (credentials.kind === "token") {
    return {
      url,
      headers: {
        ...signed,
        "X-Auth-Token": credentials.token,
        "User-Agent": USER_AGENT,
        Accept: "application/json",
      },
      signal,
    };
  }
  signed["X-Sdk-Date"] = formatSdkDate(now);
  if (credentials.securityToken) signed["X-Security-Token"] = credentials.securityToken;
  const authorization = authorizationHeader(
    { method: "GET", path: base + path, query, headers: signed },
    credentials,
  );
  return {
    url,
    headers: {
      ...signed,
      Authorization: authorization,
      "User-Agent": USER_AGENT,
      Accept: "application/json",
    },
    signal,
  };
}
