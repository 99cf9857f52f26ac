import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { compareStrings } from "../stringOrder";

/** The only signing algorithm SWR's official SDKs use for AK/SK. */
export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";

/** What a signature covers: the request as it will be sent. */
export interface SignableRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** The path exactly as decoded segments would read, e.g. `/v2/manage/repos`. */
  readonly path: string;
  /** Query pairs, decoded; order does not matter (the canonical form sorts them). */
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Headers to sign, any case; `host` and `x-sdk-date` must be present. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body; SWR list calls have none. */
  readonly body?: string;
}

/** An access key pair. */
export interface AccessKeyPair {
  readonly accessKey: string;
  readonly secretKey: string;
}

/**
 * Percent-encodes as Huawei's signer does: RFC 3986 unreserved characters are kept,
 * everything else becomes `%XX` with upper-case hex over the UTF-8 bytes.
 */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/** Formats a date as `X-Sdk-Date` wants it: `YYYYMMDDTHHMMSSZ`, UTC. */
export function formatSdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** Parses an `X-Sdk-Date` value; `undefined` when it is not of the form `YYYYMMDDTHHMMSSZ`. */
export function parseSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}

/** The canonical URI: each segment encoded, and always a trailing `/` (a Huawei rule). */
export function canonicalUri(path: string): string {
  const encoded = path
    .split("/")
    .map((segment) => encodeRfc3986(segment))
    .join("/");
  return encoded.endsWith("/") ? encoded : encoded + "/";
}

/**
 * The canonical query string: pairs sorted by raw key, then raw value (as Huawei's signers sort
 * before encoding), each encoded, joined by `&`.
 */
export function canonicalQuery(query: ReadonlyArray<readonly [string, string]>): string {
  return [...query]
    .sort(([ka, va], [kb, vb]) => compareStrings(ka, kb) || compareStrings(va, vb))
    .map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`)
    .join("&");
}

/**
 * Builds the canonical request that SDK-HMAC-SHA256 hashes.
 * `signedHeaders` are lower-case names, sorted; `headers` must hold each of them.
 */
export function canonicalRequest(request: SignableRequest, signedHeaders: readonly string[]): string {
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(request.headers)) lower.set(name.toLowerCase(), value);
  const headerLines = signedHeaders.map((name) => `${name}:${(lower.get(name) ?? "").trim()}\n`).join("");
  return [
    request.method.toUpperCase(),
    canonicalUri(request.path),
    canonicalQuery(request.query),
    headerLines,
    signedHeaders.join(";"),
    sha256Hex(request.body ?? ""),
  ].join("\n");
}

/** The hex HMAC-SHA256 signature of a canonical request at a given `X-Sdk-Date`. */
export function computeSignature(secretKey: string, sdkDate: string, canonical: string): string {
  const stringToSign = `${SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
  return createHmac("sha256", secretKey).update(stringToSign, "utf8").digest("hex");
}

/** The lower-case, sorted names of the headers a request signs: all it sends. */
export function signedHeaderNames(headers: Readonly<Record<string, string>>): string[] {
  return [...new Set(Object.keys(headers).map((h) => h.toLowerCase()))].sort();
}

/**
 * Signs a request with an access key pair, returning the `Authorization` header value.
 * Every header in `request.headers` is signed, so it must already hold `Host` and `X-Sdk-Date`.
 *
 * @example
 * const headers = { Host: "swr-api.ap-southeast-1.myhuaweicloud.com", "X-Sdk-Date": formatSdkDate(new Date()) };
 * headers.Authorization = authorizationHeader({ method: "GET", path: "/v2/manage/repos", query: [], headers }, keys);
 */
export function authorizationHeader(request: SignableRequest, keys: AccessKeyPair): string {
  const signed = signedHeaderNames(request.headers);
  const sdkDate = Object.entries(request.headers).find(([k]) => k.toLowerCase() === "x-sdk-date")?.[1];
  if (sdkDate === undefined) throw new TypeError("signing needs an X-Sdk-Date header");
  const signature = computeSignature(keys.secretKey, sdkDate, canonicalRequest(request, signed));
  return `${SIGNING_ALGORITHM} Access=${keys.accessKey}, SignedHeaders=${signed.join(";")}, Signature=${signature}`;
}

/** The parts of an SDK-HMAC-SHA256 `Authorization` header. */
export interface ParsedAuthorization {
  readonly accessKey: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** Parses an `Authorization` header of the SDK-HMAC-SHA256 form; `undefined` when it is not one. */
export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const m = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(
    value.trim(),
  );
  if (!m) return undefined;
  return { accessKey: m[1], signedHeaders: m[2].split(";"), signature: m[3] };
}

/** Compares two hex signatures in constant time. */
export function signaturesEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
