import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { RunningEmulator, startEmulator } from "../../../emulator";
import { createTransport } from "../../../sdk/client/http/transport";
import {
  SwrClient,
  SwrClientOptions,
  SwrNetworkError,
  SwrResponseError,
  TransportOptions,
} from "../../../sdk/client";
import { startRelay } from "../../support/proxies";

const keys = (repos: ReadonlyArray<{ namespace: string; name: string }>) =>
  repos.map((r) => `${r.namespace}/${r.name}`);

async function listThrough(url: string, emulator: RunningEmulator, options: Partial<SwrClientOptions> = {}) {
  const client = new SwrClient({ endpoint: url, authToken: emulator.token, env: {}, ...options });
  try {
    return await client.listRepositories();
  } finally {
    await client.close();
  }
}

describe("compressed listings", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ repos: 5000, seed: 41 });
  });
  afterAll(() => emulator.close());

  test("the client asks for compression, and the listing moves a fraction of the bytes, exact", async () => {
    const plainRelay = await startRelay(emulator.url);
    const gzipRelay = await startRelay(emulator.url);
    try {
      const plain = await listThrough(plainRelay.url, emulator, { transport: { compression: false } });
      const compressed = await listThrough(gzipRelay.url, emulator);
      expect(keys(compressed.repositories)).toEqual(keys(emulator.repositories()));
      expect(compressed.repositories).toEqual(plain.repositories);
      // JSON of repositories compresses well; 1/4 leaves room for any zlib version.
      expect(gzipRelay.downstreamBytes()).toBeLessThan(plainRelay.downstreamBytes() / 4);
    } finally {
      await plainRelay.close();
      await gzipRelay.close();
    }
  });

  test("a gateway that compresses without being asked is decoded too", async () => {
    emulator.configure({ compression: "always" });
    try {
      const listing = await listThrough(emulator.url, emulator, { transport: { compression: false } });
      expect(keys(listing.repositories)).toEqual(keys(emulator.repositories()));
    } finally {
      emulator.configure({ compression: "auto" });
    }
  });
});

/** A server that answers every request with `body` under `headers`, recording what it was asked. */
async function fixedServer(
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ server: Server; url: URL; acceptEncoding: Array<string | undefined> }> {
  const acceptEncoding: Array<string | undefined> = [];
  const server = createServer((req, res) => {
    acceptEncoding.push(req.headers["accept-encoding"]);
    res.writeHead(200, { "Content-Length": String(body.length), ...headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    server,
    url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`),
    acceptEncoding,
  };
}

async function fetchOnce(body: Buffer, headers: Record<string, string>, options: TransportOptions = {}) {
  const fixed = await fixedServer(body, headers);
  const transport = createTransport(options);
  try {
    const response = await transport.send({ url: fixed.url, headers: {} });
    return { response, acceptEncoding: fixed.acceptEncoding };
  } finally {
    await transport.close();
    fixed.server.close();
  }
}

describe("the transport decodes every coding it asks for", () => {
  const json = JSON.stringify([{ name: "ünïcode", description: "x".repeat(10_000) }]);
  const raw = Buffer.from(json, "utf8");

  test.each<[string, Buffer]>([
    ["gzip", gzipSync(raw)],
    ["x-gzip", gzipSync(raw)],
    ["deflate", deflateSync(raw)],
    ["br", brotliCompressSync(raw)],
    ["gzip, br", brotliCompressSync(gzipSync(raw))],
    ["identity", raw],
  ])("Content-Encoding: %s", async (coding, encoded) => {
    const { response, acceptEncoding } = await fetchOnce(encoded, { "Content-Encoding": coding });
    expect(acceptEncoding).toEqual(["gzip, deflate, br"]);
    expect(response.body).toBe(json);
  });

  test("without compression the client sends no Accept-Encoding", async () => {
    const { response, acceptEncoding } = await fetchOnce(raw, {}, { compression: false });
    expect(acceptEncoding).toEqual([undefined]);
    expect(response.body).toBe(json);
  });

  test("a coding it cannot decode is a response error naming Content-Encoding", async () => {
    const error = await fetchOnce(raw, { "Content-Encoding": "zstd-ish" }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(SwrResponseError);
    expect((error as SwrResponseError).field).toBe("Content-Encoding");
    expect((error as Error).message).toMatch(/"zstd-ish" cannot be decoded/);
  });

  test("a corrupt gzip body is a retryable network error", async () => {
    const corrupt = Buffer.concat([gzipSync(raw).subarray(0, 20), Buffer.alloc(200, 7)]);
    const error = await fetchOnce(corrupt, { "Content-Encoding": "gzip" }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(SwrNetworkError);
    expect((error as SwrNetworkError).retryable).toBe(true);
    expect((error as Error).message).toMatch(/the compressed body is corrupt or cut short \(Z_/);
  });

  test("a compression bomb fails at the cap on its decoded size, in bounded memory", async () => {
    // 64 gzip members of 16 MiB of zeros each: 1 GiB decoded from about 1 MiB on the wire.
    const member = gzipSync(Buffer.alloc(16 * 2 ** 20), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));
    expect(bomb.length).toBeLessThan(2 ** 21);
    const before = process.memoryUsage().rss;
    const error = await fetchOnce(bomb, { "Content-Encoding": "gzip" }).catch((e: unknown) => e as Error);
    const grown = process.memoryUsage().rss - before;
    expect(error).toBeInstanceOf(SwrNetworkError);
    expect((error as Error).message).toMatch(
      /the response body exceeded 32 MiB \(transport\.maxBodyBytes\)$/,
    );
    // The decoded gigabyte was never held: what grew is the cap and change, not the bomb.
    expect(grown).toBeLessThan(256 * 2 ** 20);
  });
});
