import { Agent, Dispatcher, errors as undiciErrors } from "undici";
import { abortErrorFor, SwrNetworkError } from "./errors";

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
  readonly body: string;
  /** `X-Request-Id`, when the server sent one. */
  readonly requestId?: string;
}

/** Options of the pooled HTTP transport. */
export interface TransportOptions {
  /** How long to wait for response headers, in ms (default 30 000). */
  readonly headersTimeoutMs?: number;
  /** How long the body may stall between chunks, in ms (default 30 000). */
  readonly bodyTimeoutMs?: number;
  /** How long to wait for a connection, in ms (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** Connections per origin (default 64; the pager's concurrency is the real bound). */
  readonly connections?: number;
  /** PEM CA bundle trusted instead of Node's defaults, for private clouds. */
  readonly ca?: string | Buffer;
  /** A dispatcher of your own (tests, proxies); when given, the options above are not used for it. */
  readonly dispatcher?: Dispatcher;
}

/** Sends one HTTP GET and reads the whole body. */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * An undici-backed transport: one keep-alive pool per client, timeouts on connect, headers and body.
 * Any failure before the body is complete becomes a {@link SwrNetworkError} (retryable), except an
 * abort by the caller, which becomes a {@link SwrAbortError}.
 */
export function createTransport(options: TransportOptions = {}): {
  send: Transport;
  close: () => Promise<void>;
} {
  const owned = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ??
    new Agent({
      connections: options.connections ?? 64,
      keepAliveTimeout: 10_000,
      connect: { timeout: options.connectTimeoutMs ?? 10_000, ...(options.ca ? { ca: options.ca } : {}) },
    });
  const headersTimeout = options.headersTimeoutMs ?? 30_000;
  const bodyTimeout = options.bodyTimeoutMs ?? 30_000;

  const send: Transport = async (request) => {
    let requestId: string | undefined;
    try {
      const response = await dispatcher.request({
        origin: request.url.origin,
        path: request.url.pathname + request.url.search,
        method: "GET",
        headers: request.headers,
        signal: request.signal,
        headersTimeout,
        bodyTimeout,
      });
      requestId = single(response.headers["x-request-id"]);
      const body = await response.body.text();
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(response.headers)) headers[name] = single(value);
      return { status: response.statusCode, headers, body, requestId };
    } catch (error) {
      if (request.signal?.aborted) throw abortErrorFor(request.signal);
      throw new SwrNetworkError(describeNetworkError(error, request.url), {
        requestId,
        cause: error,
        retryable: !isCertificateError(error),
      });
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
  const hint =
    code === "ERR_TLS_CERT_ALTNAME_INVALID"
      ? " (the certificate is for another host name: check the endpoint's host; trusting another CA will not help)"
      : isCertificateError(error)
        ? " (the server's certificate is not trusted: for a private CA, pass its bundle as transport.ca or --ca-bundle)"
        : "";
  return `${where}: ${typeof code === "string" ? code + " " : ""}${message}${hint}`;
}
