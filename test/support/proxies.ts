/**
 * Little proxies for tests, on loopback port 0: a forward proxy for plain HTTP (absolute-form
 * requests), a CONNECT tunnel for HTTPS, optional Basic authentication, and a switch to refuse.
 * Also a TCP relay that counts the bytes on the wire.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";

/** A proxy listening on loopback, and what it has seen. */
export interface TestProxy {
  /** `http://127.0.0.1:PORT`, without credentials. */
  readonly url: string;
  readonly port: number;
  /** Absolute-form URLs forwarded (plain HTTP). */
  readonly forwarded: string[];
  /** `host:port` targets of CONNECT requests, refused ones included. */
  readonly tunnels: string[];
  /** Every `Proxy-Authorization` received (undefined when absent). */
  readonly authorizations: Array<string | undefined>;
  close(): Promise<void>;
}

/** How a test proxy behaves. */
export interface TestProxyOptions {
  /** Require `Proxy-Authorization: Basic base64(user:password)`; answer 407 otherwise. */
  readonly credentials?: { readonly user: string; readonly password: string };
  /** Answer every request and CONNECT with this status instead of serving it. */
  readonly refuseWith?: number;
}

/** Starts a forward proxy that also tunnels `CONNECT`. */
export async function startProxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const forwarded: string[] = [];
  const tunnels: string[] = [];
  const authorizations: Array<string | undefined> = [];
  const sockets = new Set<Socket>();
  const expected = options.credentials
    ? "Basic " + Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString("base64")
    : undefined;

  /** The status to refuse with, or undefined to serve. */
  const verdict = (headers: IncomingHttpHeaders): number | undefined => {
    authorizations.push(headers["proxy-authorization"]);
    if (expected !== undefined && headers["proxy-authorization"] !== expected) return 407;
    return options.refuseWith;
  };

  const server: Server = createServer((req, res) => {
    forwarded.push(req.url ?? "");
    const refused = verdict(req.headers);
    if (refused !== undefined) {
      res.writeHead(refused, refused === 407 ? { "Proxy-Authenticate": 'Basic realm="test"' } : {});
      res.end(`refused by the test proxy (${refused})`);
      return;
    }
    const target = new URL(req.url ?? "");
    const headers = { ...req.headers };
    delete headers["proxy-authorization"];
    delete headers["proxy-connection"];
    const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? "");
    const refused = verdict(req.headers);
    if (refused !== undefined) {
      client.end(
        `HTTP/1.1 ${refused} Refused\r\n` +
          (refused === 407 ? 'Proxy-Authenticate: Basic realm="test"\r\n' : "") +
          "Content-Length: 0\r\n\r\n",
      );
      return;
    }
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    forwarded,
    tunnels,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP relay in front of a server, counting the bytes the server sent through it. */
export interface ByteCountingRelay {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Bytes from the server to clients so far (headers and bodies as they travelled). */
  readonly downstreamBytes: () => number;
  close(): Promise<void>;
}

/** Starts a relay to `target` (an `http://host:port` URL). */
export async function startRelay(target: string): Promise<ByteCountingRelay> {
  const { hostname, port } = new URL(target);
  let downstream = 0;
  const sockets = new Set<Socket>();
  const server = createTcpServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.once("close", () => sockets.delete(s));
    }
    upstream.on("data", (chunk: Buffer) => (downstream += chunk.length));
    upstream.pipe(client);
    client.pipe(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.on("close", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    downstreamBytes: () => downstream,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
