/** A server on loopback whose every answer the test scripts, for hostile responses the emulator never sends. */
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";

/** Answers request `n` (from 0). */
export type ScriptedHandler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

/** A running scripted server. */
export interface ScriptedServer {
  readonly url: string;
  /** How many requests it has received. */
  requests(): number;
  close(): Promise<void>;
}

/** Starts a server on `127.0.0.1`, port 0, answering with `handler`. */
export async function scriptedServer(handler: ScriptedHandler): Promise<ScriptedServer> {
  let n = 0;
  const server: Server = createServer((req, res) => handler(req, res, n++));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => n,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A factory of scripted servers, each closed after the test that started it. */
export function scriptedServers(): (handler: ScriptedHandler) => Promise<ScriptedServer> {
  const servers: ScriptedServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (handler) => {
    const server = await scriptedServer(handler);
    servers.push(server);
    return server;
  };
}

/** Sends `body` (JSON unless a string) with `status` and `headers`. */
export function answer(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

/** `answer`, with the request id `req-{status}`, which a test then finds in the client's error. */
export function answerNumbered(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  answer(res, status, body, { "X-Request-Id": "req-" + status, ...headers });
}

/**
 * Characters a terminal acts on, or that forge or reorder what it shows: C0 (CR, LF and tab
 * included), DEL, C1, the line and paragraph separators and the bidi controls.
 */
export const TERMINAL_CONTROLS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
