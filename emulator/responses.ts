import type { ServerResponse } from "node:http";
import { brotliCompress, constants, deflate, gzip } from "node:zlib";
import type { CatalogPage } from "./catalog";
import { contentRangeOf, type Dialect } from "./dialect";
import type { CompressionMode } from "./types";

/** A complete HTTP response, before it is written. */
export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Text, or bytes already encoded as UTF-8. */
  readonly body: string | Buffer;
}

const JSON_TYPE = { "Content-Type": "application/json" };

/**
 * The body shape SWR's services use per error code. Real SWR mixes shapes between endpoints
 * and versions; spreading them over the codes makes clients parse every one of them.
 */
const SWR_ERROR_SHAPES: Record<string, "object" | "list" | "snake"> = {
  "SVCSTG.SWR.4001028": "object",
  "SVCSTG.SWR.4001025": "list",
  "SVCSTG.SWR.4000056": "snake",
  "SVCSTG.SWR.4000014": "object",
  "SVCSTG.SWR.4001035": "list",
  "SVCSTG.SWR.4031042": "snake",
  "SVCSTG.SWR.4090023": "object",
  "SVCSTG.SWR.5000008": "list",
};

/**
 * A 200 listing; `Content-Range` only when the caller paged with `limit` and `offset`, and then as
 * the dialect writes it.
 */
export function listReply(page: CatalogPage, offset: number | undefined, dialect: Dialect): Reply {
  const headers: Record<string, string> = { ...JSON_TYPE };
  const range = offset === undefined ? undefined : contentRangeOf(offset, page.count, page.total, dialect);
  if (range !== undefined) headers["Content-Range"] = range;
  return { status: 200, headers, body: page.body };
}

/** An error from the SWR service itself, in the body shape SWR uses for `code`. */
export function swrErrorReply(status: number, code: string, message: string): Reply {
  const shape = SWR_ERROR_SHAPES[code] ?? "list";
  const body =
    shape === "object"
      ? { errorCode: code, errorMessage: message }
      : shape === "snake"
        ? { error_code: code, error_msg: message }
        : [{ errorCode: code, errorMessage: message, detail: "" }];
  return { status, headers: JSON_TYPE, body: JSON.stringify(body) };
}

/** An error from Huawei's API gateway (`APIG.*`), which always echoes the request id in the body. */
export function gatewayErrorReply(
  status: number,
  code: string,
  message: string,
  requestId: string,
  extraHeaders: Readonly<Record<string, string>> = {},
): Reply {
  return {
    status,
    headers: { ...JSON_TYPE, ...extraHeaders },
    body: JSON.stringify({ error_code: code, error_msg: message, request_id: requestId }),
  };
}

/** The gateway's 401 for credentials that fail (SWR's calls and IAM's alike), giving the reason. */
export function authenticationFailedReply(reason: string, requestId: string): Reply {
  return gatewayErrorReply(
    401,
    "APIG.0301",
    `Incorrect IAM authentication information: ${reason}`,
    requestId,
  );
}

/** A content coding the emulator can apply. */
export type ContentCoding = "gzip" | "br" | "deflate";

/** Codings in the order a gateway prefers them when the client accepts several: gzip is the cheapest. */
const CODINGS: readonly ContentCoding[] = ["gzip", "br", "deflate"];

/**
 * The coding for a response: the first of {@link CODINGS} that `Accept-Encoding` allows (`q=0`
 * refuses one, `*` allows any) under `auto`, gzip under `always`, none under `never`.
 */
export function chooseCoding(
  acceptEncoding: string | undefined,
  mode: CompressionMode = "auto",
): ContentCoding | undefined {
  if (mode === "never") return undefined;
  if (mode === "always") return "gzip";
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  return CODINGS.find((c) => (accepted.get(c) ?? accepted.get("*") ?? 0) > 0);
}

/**
 * Each coding at its fastest level, as a gateway tuned for latency compresses (nginx's default
 * `gzip_comp_level` is 1). In the benchmark the emulator shares the client's cores, and zlib's
 * default level cost it more CPU per page than the client spends reading the page.
 */
const FASTEST = { level: constants.Z_BEST_SPEED };

const COMPRESS: Record<
  ContentCoding,
  (body: Buffer, done: (error: Error | null, out: Buffer) => void) => void
> = {
  gzip: (body, done) => gzip(body, FASTEST, done),
  br: (body, done) => brotliCompress(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }, done),
  deflate: (body, done) => deflate(body, FASTEST, done),
};

/** A reply as bytes on the wire: its body encoded as the request and `mode` call for, and its headers. */
export interface EncodedReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** A reply's body as bytes: characters are not bytes, and descriptions may be non-ASCII. */
export function bodyBytes(reply: Reply): Buffer {
  return typeof reply.body === "string" ? Buffer.from(reply.body, "utf8") : reply.body;
}

/** Encodes `reply` for the request `res` answers (off the event loop: zlib runs in the thread pool). */
export function encodeReply(
  res: ServerResponse,
  reply: Reply,
  mode?: CompressionMode,
): Promise<EncodedReply> {
  const body = bodyBytes(reply);
  const coding = chooseCoding(res.req?.headers["accept-encoding"], mode);
  if (coding === undefined) return Promise.resolve({ status: reply.status, headers: reply.headers, body });
  return new Promise((resolve, reject) =>
    COMPRESS[coding](body, (error, out) =>
      error
        ? reject(error)
        : resolve({
            status: reply.status,
            headers: { ...reply.headers, "Content-Encoding": coding, Vary: "Accept-Encoding" },
            body: out,
          }),
    ),
  );
}

/** Writes a reply with an exact `Content-Length`, compressed when the request asks (see {@link chooseCoding}). */
export function writeReply(res: ServerResponse, reply: Reply, mode?: CompressionMode): void {
  encodeReply(res, reply, mode).then(
    (encoded) => {
      if (res.destroyed) return;
      res.writeHead(encoded.status, { ...encoded.headers, "Content-Length": String(encoded.body.length) });
      res.end(encoded.body);
    },
    () => res.destroy(),
  );
}
