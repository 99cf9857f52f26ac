import type { IncomingHttpHeaders } from "node:http";
import {
  canonicalRequest,
  computeSignature,
  parseAuthorization,
  ParsedAuthorization,
  parseSdkDate,
  signaturesEqual,
} from "../sdk/client/http/akskSignature";
import { Random } from "./random";
import type { IssuedCredentials } from "./temporaryCredentials";

/** What the emulator accepts: one IAM token and one access key pair. */
export interface Credentials {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly token: string;
  /** When set, AK/SK requests must sign `X-Security-Token` with this value (temporary credentials). */
  readonly securityToken?: string;
}

/** A request as the verifier sees it: path and query already percent-decoded. */
export interface AuthRequest {
  readonly method: string;
  readonly path: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * Accepted (with the access key that signed, when one did), or refused with the reason the gateway
 * would give.
 */
export type AuthOutcome =
  { readonly ok: true; readonly accessKey?: string } | { readonly ok: false; readonly reason: string };

/** Finds temporary credentials the emulator issued, by access key. */
export type TemporaryCredentialLookup = (accessKey: string) => IssuedCredentials | undefined;

/** How far `X-Sdk-Date` may be from the server clock, as on Huawei's API gateway. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const TOKEN_ALPHABET = ALNUM + "-_";

/** Credentials derived from a seed, shaped like Huawei's: a 20-character AK, a 40-character SK, an `MII…` token. */
export function defaultCredentials(seed: number): Credentials {
  const random = new Random(seed ^ 0x5a5a5a5a);
  return {
    accessKey: random.string(UPPER_ALNUM, 20),
    secretKey: random.string(ALNUM, 40),
    token: "MIIT" + random.string(TOKEN_ALPHABET, 252),
  };
}

/**
 * Checks a request's credentials as the API gateway does: a matching `X-Auth-Token`, or an
 * SDK-HMAC-SHA256 signature over the request's own `SignedHeaders` list. Verifying against the
 * decoded path and query lets any conforming signer pass, whatever its percent-encoding on the wire.
 * Temporary credentials (`temporary` finds them) pass with their own security token until they expire.
 */
export function authenticate(
  request: AuthRequest,
  credentials: Credentials,
  now: number,
  temporary: TemporaryCredentialLookup = () => undefined,
): AuthOutcome {
  const token = header(request.headers, "x-auth-token");
  if (token !== undefined && token === credentials.token) return { ok: true };
  const authorization = header(request.headers, "authorization");
  if (authorization === undefined) {
    return refuse(
      token === undefined ? "no X-Auth-Token or Authorization header" : "the token is invalid or expired",
    );
  }
  const parsed = parseAuthorization(authorization);
  if (!parsed) return refuse("the Authorization header is not of the SDK-HMAC-SHA256 form");
  if (parsed.accessKey === credentials.accessKey) return verifySignature(request, parsed, credentials, now);
  const issued = temporary(parsed.accessKey);
  if (issued === undefined) return refuse(`access key ${parsed.accessKey} does not exist`);
  if (now >= issued.expiresAt) return refuse("the security token has expired");
  return verifySignature(request, parsed, issued, now);
}

function verifySignature(
  request: AuthRequest,
  parsed: ParsedAuthorization,
  credentials: Pick<Credentials, "accessKey" | "secretKey" | "securityToken">,
  now: number,
): AuthOutcome {
  for (const required of ["host", "x-sdk-date"]) {
    if (!parsed.signedHeaders.includes(required)) return refuse(`SignedHeaders must include ${required}`);
  }
  const sdkDate = header(request.headers, "x-sdk-date");
  const date = sdkDate === undefined ? undefined : parseSdkDate(sdkDate);
  if (sdkDate === undefined || date === undefined)
    return refuse("X-Sdk-Date is missing or not of the form YYYYMMDDTHHMMSSZ");
  if (Math.abs(date.getTime() - now) > MAX_CLOCK_SKEW_MS) {
    return refuse("X-Sdk-Date is more than 15 minutes from the server time");
  }
  if (credentials.securityToken !== undefined) {
    if (header(request.headers, "x-security-token") !== credentials.securityToken) {
      return refuse("X-Security-Token is missing or invalid");
    }
    if (!parsed.signedHeaders.includes("x-security-token"))
      return refuse("SignedHeaders must include x-security-token");
  }
  const signedValues: Record<string, string> = {};
  for (const name of parsed.signedHeaders) signedValues[name] = header(request.headers, name) ?? "";
  const canonical = canonicalRequest(
    {
      method: request.method,
      path: request.path,
      query: request.query,
      headers: signedValues,
      body: request.body,
    },
    parsed.signedHeaders,
  );
  const expected = computeSignature(credentials.secretKey, sdkDate, canonical);
  return signaturesEqual(expected, parsed.signature)
    ? { ok: true, accessKey: parsed.accessKey }
    : refuse("verify aksk signature fail");
}

/** A header's value; Node joins repeated headers, so a list only appears for a few names. */
function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function refuse(reason: string): AuthOutcome {
  return { ok: false, reason };
}
