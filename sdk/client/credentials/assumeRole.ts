import { authorizationHeader, formatSdkDate } from "../http/akskSignature";
import { ProxySettings } from "../http/proxy";
import { Credentials, TemporaryCredentials } from "./credentials";
import { sendCredentialRequest } from "./credentialRequest";
import { readTemporaryCredentials } from "./temporaryCredentials";

/** The agency to assume, and where IAM is. */
export interface AgencyRole {
  readonly agencyName: string;
  /** The account (domain) that owns the agency. */
  readonly domainName: string;
  /** Lifetime asked for, 900 to 86 400 s; IAM's default (900) when absent. */
  readonly durationSeconds?: number;
  /** IAM's endpoint, e.g. `https://iam.ap-southeast-1.myhuaweicloud.com/v3`. */
  readonly authUrl: URL;
}

/** Where a network exchange with IAM may go, and how long it may take. */
export interface IamConnection {
  readonly proxy?: ProxySettings;
  readonly ca?: string | Buffer;
}

/** IAM answers in well under a second; it gets five to connect and ten in all, far below a listing's limits. */
const IAM_CONNECT_TIMEOUT_MS = 5_000;
const IAM_TIMEOUT_MS = 10_000;

/** The source as messages name it. */
export function assumeRoleSource(role: AgencyRole): string {
  return `IAM at ${role.authUrl.origin} assuming agency "${role.agencyName}" of domain "${role.domainName}"`;
}

/**
 * IAM's temporary-credentials call beside the auth URL's `/v3`: `POST /v3.0/OS-CREDENTIAL/securitytokens`
 * (as Terraform derives it from `auth_url`).
 */
export function securityTokensUrl(authUrl: URL): URL {
  const url = new URL(authUrl.href);
  url.pathname = url.pathname.replace(/\/+$/, "").replace(/\/v3$/, "") + "/v3.0/OS-CREDENTIAL/securitytokens";
  return url;
}

/**
 * Exchanges `base` (keys, temporary keys, or an IAM token) for temporary credentials of the agency,
 * with IAM's `assume_role` method. The request is AK/SK-signed as SWR's are, body included.
 */
export async function assumeRole(
  role: AgencyRole,
  base: Credentials,
  now: Date,
  connection: IamConnection = {},
  signal?: AbortSignal,
): Promise<TemporaryCredentials> {
  const url = securityTokensUrl(role.authUrl);
  const body = JSON.stringify({
    auth: {
      identity: {
        methods: ["assume_role"],
        assume_role: {
          agency_name: role.agencyName,
          domain_name: role.domainName,
          ...(role.durationSeconds === undefined ? {} : { duration_seconds: role.durationSeconds }),
        },
      },
    },
  });
  const headers: Record<string, string> = {
    Host: url.host,
    "Content-Type": "application/json;charset=UTF-8",
  };
  if (base.kind === "token") headers["X-Auth-Token"] = base.token;
  else {
    headers["X-Sdk-Date"] = formatSdkDate(now);
    if (base.securityToken) headers["X-Security-Token"] = base.securityToken;
    headers.Authorization = authorizationHeader(
      { method: "POST", path: url.pathname, query: [], headers: { ...headers }, body },
      base,
    );
  }
  const source = assumeRoleSource(role);
  const answer = await sendCredentialRequest({
    method: "POST",
    url,
    headers,
    body,
    source,
    connectTimeoutMs: IAM_CONNECT_TIMEOUT_MS,
    timeoutMs: IAM_TIMEOUT_MS,
    proxy: connection.proxy,
    ca: connection.ca,
    signal,
  });
  return readTemporaryCredentials(answer, 201, source);
}
