/**
 * Requests to the emulator as a test writes them by hand (fetch, no client): listings, refusals read
 * from any of SWR's error shapes, and AK/SK-signed requests.
 */
import { authorizationHeader, formatSdkDate } from "../../sdk/client/http/akskSignature";
import type { RunningEmulator, WireRepository } from "../../emulator";

/** The path of SWR's repository listing. */
export const LIST = "/v2/manage/repos";
/** A request id as the emulator makes them. */
export const REQUEST_ID = /^[0-9a-f]{32}$/;

/** A 200 listing: its headers and rows. */
export interface Listing {
  readonly status: number;
  readonly headers: Headers;
  readonly items: WireRepository[];
}

/** A refused request: its status, headers, the code from any of SWR's body shapes, and the body. */
export interface ErrorReply {
  readonly status: number;
  readonly headers: Headers;
  readonly code: string | undefined;
  readonly body: unknown;
}

/** A plain GET of `pathAndQuery` on the emulator. */
export function get(
  emulator: RunningEmulator,
  pathAndQuery: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(emulator.url + pathAndQuery, { headers });
}

/** A listing with the emulator's IAM token, which must answer 200. */
export async function list(emulator: RunningEmulator, query = ""): Promise<Listing> {
  const res = await get(emulator, `${LIST}${query ? "?" + query : ""}`, { "X-Auth-Token": emulator.token });
  const body: unknown = await res.json();
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${JSON.stringify(body)}`);
  return { status: res.status, headers: res.headers, items: body as WireRepository[] };
}

/** The error code from any of SWR's body shapes. */
export async function failure(res: Response): Promise<ErrorReply> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Gateways can answer with HTML; the code is then absent.
  }
  const first = (Array.isArray(body) ? body[0] : body) as Record<string, unknown> | string;
  const code =
    typeof first === "object" && first !== null ? (first.errorCode ?? first.error_code) : undefined;
  return {
    status: res.status,
    headers: res.headers,
    code: typeof code === "string" ? code : undefined,
    body,
  };
}

/** A listing with the emulator's IAM token that is expected to be refused. */
export async function listError(emulator: RunningEmulator, query: string): Promise<ErrorReply> {
  return failure(await get(emulator, `${LIST}?${query}`, { "X-Auth-Token": emulator.token }));
}

/** What a signed request may change: the time, the key pair, extra signed headers. */
export interface SignOptions {
  readonly date?: Date;
  readonly accessKey?: string;
  readonly secretKey?: string;
  readonly extraHeaders?: Record<string, string>;
}

/** Headers for an AK/SK-signed GET of `pathAndQuery`, signed over exactly what fetch will send. */
export function signed(
  emulator: RunningEmulator,
  pathAndQuery: string,
  options: SignOptions = {},
): Record<string, string> {
  const url = new URL(emulator.url + pathAndQuery);
  const headers: Record<string, string> = {
    Host: url.host,
    "X-Sdk-Date": formatSdkDate(options.date ?? new Date()),
    ...options.extraHeaders,
  };
  const keys = {
    accessKey: options.accessKey ?? emulator.accessKey,
    secretKey: options.secretKey ?? emulator.secretKey,
  };
  const authorization = authorizationHeader(
    { method: "GET", path: url.pathname, query: [...url.searchParams], headers },
    keys,
  );
  return { ...headers, Authorization: authorization };
}

/** `namespace/name`, a repository's identity. */
export function keyOf(repo: WireRepository): string {
  return `${repo.namespace}/${repo.name}`;
}
