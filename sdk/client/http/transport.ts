import { Dispatcher, errors as undiciErrors } from "undici";
import { abortErrorFor, SwrNetworkError, SwrResponseError } from "../errors";
import { ACCEPT_ENCODING, BodyTooLargeError, readBody, UnsupportedEncodingError } from "./body";
import { createDispatcher, proxyFailure, proxyFor, ProxySettings } from "./proxy";

/** A request ready to send: the URL carries the encoded query. */
export interface HttpRequest {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** A complete response: the whole body was read. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body as UTF-8 text. */
  readonly body: string;
  /**
   * The body's bytes, its `Content-Encoding` undone, when the transport kept them: a page parser
   * reads these without making the UTF-8 text (see `jsonText`).
   */
  readonly bytes?: Uint8Array;
  /** `X-Request-Id`, when the server sent one. */
  readonly requestId?: string;
}

/**
 * A response whose body is decoded as UTF-8 only when its text is asked for: a page's JSON is read
 * from its bytes, and decoding a few hundred KiB of UTF-8 costs more than parsing it.
 */
class ReceivedResponse implements HttpResponse {
  #text: string | undefined;

  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string | undefined>>,
    readonly bytes: Buffer,
    readonly requestId: string | undefined,
  ) {}

  get body(): string {
    return (this.#text ??= this.bytes.toString("utf8"));
  }
}

/** Options of the pooled HTTP transport. */
export interface TransportOptions {
  /** How long to wait for response headers, in ms (default 30 000). */
  readonly headersTimeoutMs?: number;
  /** How long the body may stall between chunks, in ms (default 30 000). */
  readonly bodyTimeoutMs?: number;
  /** How long to wait for a connection, in ms (default 10 000). */
  readonly connectTimeoutMs?: number;
  /**
   * The most one request may take, headers and the whole body, in ms (default 60 000): a body that
   * trickles never trips `bodyTimeoutMs`, this it does. The failure is retried like a reset.
   */
  readonly requestTimeoutMs?: number;
  /**
   * The largest body accepted, counted after decompression (and a compressed body as it came,
   * too), in bytes (default 32 MiB: a page of 1000 repositories is a few MB). A larger one fails
   * that request, naming this cap.
   */
  readonly maxBodyBytes?: number;
  /** Ask for compressed responses (`Accept-Encoding: gzip, deflate, br`) (default true). */
  readonly compression?: boolean;
  /** Connections per origin (default 128, the first wave's width; the pager's concurrency is the real bound). */
  readonly connections?: number;
  /** PEM CA bundle trusted instead of Node's defaults, for private clouds. */
  readonly ca?: string | Buffer;
  /**
   * The proxies to go through; the client fills this from its `proxy` setting and `HTTPS_PROXY`,
   * `HTTP_PROXY`, `NO_PROXY`.
   */
  readonly proxy?: ProxySettings;
  /** A dispatcher of your own (tests); when given, the pool, CA and proxy options are not used for it. */
  readonly dispatcher?: Dispatcher;
}

/** Default of {@link TransportOptions.maxBodyBytes}. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 2 ** 20;
/** Default of {@link TransportOptions.requestTimeoutMs}. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** The request's own time limit passed (see {@link TransportOptions.requestTimeoutMs}). */
class RequestTimeLimitError extends Error {
  constructor(readonly limitMs: number) {
    super(`no complete response within ${limitMs / 1000} s (transport.requestTimeoutMs)`);
  }
}

/** Sends one HTTP GET and reads the whole body. */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * An undici-backed transport: one keep-alive pool per client (behind undici's proxy agent when a
 * proxy is configured), timeouts on connect, headers, body stalls and the whole request, compressed
 * responses decoded, and a cap on the decoded body. Any failure before the body is complete becomes
 * a {@link SwrNetworkError} (retryable unless trying again cannot help: a refused certificate, a
 * proxy that refuses), except an abort by the caller, which becomes a {@link SwrAbortError}.
 */
export function createTransport(options: TransportOptions = {}): {
  send: Transport;
  close: () => Promise<void>;
} {
  const owned = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ??
    createDispatcher({
      connections: options.connections ?? 128,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      ca: options.ca,
      proxy: options.proxy,
    });
  const headersTimeout = options.headersTimeoutMs ?? 30_000;
  const bodyTimeout = options.bodyTimeoutMs ?? 30_000;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const compression = options.compression ?? true;

  const send: Transport = async (request) => {
    let requestId: string | undefined;
    // The caller's signal or the request's own time limit, whichever comes first.
    const limit = new AbortController();
    const timer = setTimeout(() => limit.abort(new RequestTimeLimitError(requestTimeout)), requestTimeout);
    const onAbort = () => limit.abort(request.signal?.reason);
    request.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      if (request.signal?.aborted) onAbort();
      const response = await dispatcher.request({
        origin: request.url.origin,
        path: request.url.pathname + request.url.search,
        method: "GET",
        headers: compression ? { ...request.headers, "Accept-Encoding": ACCEPT_ENCODING } : request.headers,
        signal: limit.signal,
        headersTimeout,
        bodyTimeout,
      });
      requestId = single(response.headers["x-request-id"]);
      const bytes = await readBody(response.body, single(response.headers["content-encoding"]), maxBodyBytes);
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(response.headers)) headers[name] = single(value);
      return new ReceivedResponse(response.statusCode, headers, bytes, requestId);
    } catch (error) {
      if (request.signal?.aborted) throw abortErrorFor(request.signal);
      if (error instanceof UnsupportedEncodingError)
        throw new SwrResponseError(
          "Content-Encoding",
          `${error.message} (the client asks for ${ACCEPT_ENCODING})`,
          {
            requestId,
            cause: error,
          },
        );
      const reason: unknown = limit.signal.aborted ? limit.signal.reason : error;
      const atProxy = proxyFailure(reason, proxyFor(options.proxy, request.url), request.url);
      throw new SwrNetworkError(atProxy?.message ?? describeNetworkError(reason, request.url), {
        requestId,
        cause: reason,
        retryable: atProxy?.retryable ?? !isCertificateError(reason),
      });
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", onAbort);
    }
  };
  const close = async () => {
    if (owned) await dispatcher.close();
  };
  return { send, close };
}

/** TLS verification failures (OpenSSL's codes): the same certificate will be refused again. */
function isCertificateError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code);
}

function describeNetworkError(error: unknown, url: URL): string {
  const where = `GET ${url.origin}${url.pathname}`;
  if (error instanceof RequestTimeLimitError) return `${where}: ${error.message}`;
  if (error instanceof BodyTooLargeError) return `${where}: ${error.message} (transport.maxBodyBytes)`;
  if (error instanceof undiciErrors.HeadersTimeoutError) return `${where}: no response headers in time`;
  if (error instanceof undiciErrors.BodyTimeoutError) return `${where}: the response body stalled`;
  if (error instanceof undiciErrors.ConnectTimeoutError) return `${where}: could not connect in time`;
  if (
    error instanceof undiciErrors.ResponseContentLengthMismatchError ||
    error instanceof undiciErrors.SocketError
  )
    return `${where}: the connection closed before the response was complete`;
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === "string" && code.startsWith("Z_"))
    return `${where}: the compressed body is corrupt or cut short (${code} ${message})`;
  const hint =
    code === "ERR_TLS_CERT_ALTNAME_INVALID"
      ? " (the certificate is for another host name: check the endpoint's host; trusting another CA will not help)"
      : isCertificateError(error)
        ? " (the server's certificate is not trusted: for a private CA, pass its bundle as transport.ca or --ca-bundle)"
        : "";
  return `${where}: ${typeof code === "string" ? code + " " : ""}${message}${hint}`;
}
