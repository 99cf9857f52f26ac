import { Redact } from "../errors";
import { HttpResponse, Transport } from "./transport";
import { escapeControls } from "../untrustedText";

/** Headers whose values are secrets or derived from them; debug output shows `[redacted]` instead. */
const REDACTED = new Set(["authorization", "x-auth-token", "x-security-token"]);

/** A copy of `headers` with every secret-bearing value replaced by `[redacted]`. */
export function redactHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) out[name] = REDACTED.has(name.toLowerCase()) ? "[redacted]" : value;
  return out;
}

/**
 * The `debug` option `SWR_DEBUG=1` asks for: each request and its outcome as a line on `stderr`
 * (secrets redacted by the client); `undefined` otherwise. `force` turns it on regardless (`--debug`).
 *
 * @example
 * const client = new SwrClient({ debug: debugFromEnv(process.env) });
 */
export function debugFromEnv(
  env: NodeJS.ProcessEnv,
  stderr: NodeJS.WritableStream = process.stderr,
  force = false,
): ((line: string) => void) | undefined {
  if (!force && env.SWR_DEBUG !== "1") return undefined;
  return (line) => stderr.write(line + "\n");
}

/**
 * Wraps a transport so that each request and its outcome is written to `log` as one line each,
 * with secrets redacted. Enable it with the client's `debug` option (the CLI's `--debug` or `SWR_DEBUG=1`).
 * Lines quote the server (its request id, `Content-Range`, a TLS error naming its certificate), so
 * each passes through `redact` (the client's: every configured secret) and has its control
 * characters escaped before `log` sees it.
 */
export function withDebugLog(
  send: Transport,
  log: (line: string) => void,
  redact: Redact = (t) => t,
): Transport {
  const write = (line: string) => log(escapeControls(redact(line)));
  return async (request) => {
    const started = Date.now();
    write(`swr: → GET ${request.url.href} ${JSON.stringify(redactHeaders(request.headers))}`);
    let response: HttpResponse;
    try {
      response = await send(request);
    } catch (error) {
      write(
        `swr: ✗ GET ${request.url.pathname} after ${Date.now() - started} ms: ${(error as Error).message}`,
      );
      throw error;
    }
    const range = response.headers["content-range"];
    write(
      `swr: ← ${response.status} ${request.url.pathname} in ${Date.now() - started} ms, ${response.bytes?.length ?? response.body.length} bytes` +
        (range ? `, Content-Range ${range}` : "") +
        ` (request id ${response.requestId ?? "none"})`,
    );
    return response;
  };
}
