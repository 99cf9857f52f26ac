import { request } from "undici";
import { abortErrorFor, SwrCredentialsError } from "../errors";
import { createDispatcher, ProxySettings } from "../http/proxy";

/** One request to a credential source (IMDS, IAM). */
export interface CredentialRequest {
  readonly method: "GET" | "PUT" | "POST";
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Names the source in errors. */
  readonly source: string;
  /** How long to wait for a connection, in ms. */
  readonly connectTimeoutMs: number;
  /** How long the whole exchange may take, in ms. */
  readonly timeoutMs: number;
  /** Proxies for this request (none for the metadata service, which is link-local). */
  readonly proxy?: ProxySettings;
  /** PEM CA bundle to trust instead of Node's defaults. */
  readonly ca?: string | Buffer;
  readonly signal?: AbortSignal;
}

/** What a credential source answered. */
export interface CredentialResponse {
  readonly status: number;
  readonly body: string;
  readonly requestId?: string;
}

/** A credential answer is a few hundred bytes; anything near this is not one. */
const MAX_CREDENTIAL_BODY_BYTES = 64 * 1024;

/**
 * Sends one request to a credential source on a connection of its own (credentials are renewed
 * rarely, so no pool outlives the exchange), within short time limits: a metadata service that is
 * not there must fail in about a second, not hang the command. Failures become
 * {@link SwrCredentialsError}s naming the source.
 */
export async function sendCredentialRequest(req: CredentialRequest): Promise<CredentialResponse> {
  const dispatcher = createDispatcher({
    connections: 1,
    connectTimeoutMs: req.connectTimeoutMs,
    ca: req.ca,
    proxy: req.proxy,
  });
  const limit = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, limit]) : limit;
  try {
    const response = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher,
      signal,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_CREDENTIAL_BODY_BYTES)
        throw new SwrCredentialsError(
          req.source,
          `the answer is larger than ${MAX_CREDENTIAL_BODY_BYTES} bytes`,
        );
      chunks.push(chunk);
    }
    const requestId = response.headers["x-request-id"];
    return {
      status: response.statusCode,
      body: Buffer.concat(chunks).toString("utf8"),
      requestId: typeof requestId === "string" ? requestId : undefined,
    };
  } catch (error) {
    if (error instanceof SwrCredentialsError) throw error;
    if (req.signal?.aborted) throw abortErrorFor(req.signal);
    const reason = limit.aborted
      ? `no answer within ${req.timeoutMs / 1000} s`
      : `${(error as { code?: string }).code ?? ""} ${(error as Error).message}`.trim();
    throw new SwrCredentialsError(
      req.source,
      `${req.method} ${req.url.origin}${req.url.pathname} failed: ${reason}`,
      {
        cause: error,
      },
    );
  } finally {
    void dispatcher.close().catch(() => undefined);
  }
}
