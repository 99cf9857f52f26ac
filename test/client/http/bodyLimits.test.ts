import { FaultKind, startEmulator } from "../../../emulator";
import { SwrAbortError, SwrClient, SwrClientOptions, SwrNetworkError } from "../../../sdk/client";
import { deadlineMs, DEFAULT_DEADLINE_SECONDS } from "../../../cli/connection";
import { runCli } from "../../support/cli";
import { startRelay } from "../../support/proxies";

function client(emulator: { url: string; token: string }, options: Partial<SwrClientOptions> = {}) {
  return new SwrClient({
    endpoint: emulator.url,
    authToken: emulator.token,
    env: {},
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
}

async function outcome(c: SwrClient): Promise<Error> {
  try {
    await c.listRepositories();
    return new Error("the listing succeeded");
  } catch (error) {
    return error as Error;
  } finally {
    await c.close();
  }
}

describe("a 200 whose body is cut short is retried like a reset", () => {
  test.each<[FaultKind, "auto" | "never"]>([
    ["truncate", "never"],
    ["chunked-cut", "never"],
    ["short-length", "never"],
    ["truncate", "auto"],
    ["chunked-cut", "auto"],
    ["short-length", "auto"],
  ])("%s (compression %s): the listing is exact", async (kind, compression) => {
    const emulator = await startEmulator({
      repos: 1500,
      seed: 31,
      faultRate: 0.5,
      faultKinds: [kind],
      compression,
    });
    const c = client(emulator, {
      paging: { pageSize: 100 },
      retry: { maxAttempts: 12, baseDelayMs: 1, maxDelayMs: 2 },
    });
    try {
      const listing = await c.listRepositories();
      const keys = listing.repositories.map((r) => `${r.namespace}/${r.name}`);
      expect(keys).toEqual(emulator.repositories().map((r) => `${r.namespace}/${r.name}`));
      expect(emulator.stats.faultsInjected).toBeGreaterThan(0);
      expect(listing.stats.failures).toBe(emulator.stats.faultsInjected);
    } finally {
      await c.close();
      await emulator.close();
    }
  });

  test("a 200 that is not JSON at all is still a response error, not retried", async () => {
    const emulator = await startEmulator({ repos: 10, seed: 32 });
    const { createServer } = await import("node:http");
    const server = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html>captive portal</html>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const error = await outcome(client({ url: `http://127.0.0.1:${port}`, token: emulator.token }));
      expect(error.message).toMatch(/^SWR response is invalid at body: is not JSON/);
    } finally {
      server.close();
      await emulator.close();
    }
  });
});

describe("bodies are bounded", () => {
  test("a page larger than transport.maxBodyBytes fails, naming the cap, after the bounded retries", async () => {
    const emulator = await startEmulator({ repos: 2000, seed: 33 });
    const error = await outcome(
      client(emulator, { paging: { pageSize: 1000 }, transport: { maxBodyBytes: 64 * 1024 } }),
    );
    try {
      expect(error).toBeInstanceOf(SwrNetworkError);
      expect(error.message).toMatch(/the response body exceeded 65536 bytes \(transport\.maxBodyBytes\)$/);
      expect(emulator.stats.listRequests).toBe(3);
    } finally {
      await emulator.close();
    }
  });

  test("an endless body fails at the default 32 MiB cap, and no more than the cap is read per attempt", async () => {
    const emulator = await startEmulator({ repos: 500, seed: 34, faultRate: 1, faultKinds: ["endless"] });
    const relay = await startRelay(emulator.url);
    try {
      const error = await outcome(client({ url: relay.url, token: emulator.token }));
      expect(error).toBeInstanceOf(SwrNetworkError);
      expect(error.message).toMatch(/the response body exceeded 32 MiB \(transport\.maxBodyBytes\)$/);
      expect(emulator.stats.listRequests).toBe(3);
      // What left the server: the cap per attempt, plus what socket buffers hold when reading stops.
      expect(relay.downstreamBytes()).toBeGreaterThan(3 * 32 * 2 ** 20);
      expect(relay.downstreamBytes()).toBeLessThan(3 * 40 * 2 ** 20);
    } finally {
      await relay.close();
      await emulator.close();
    }
  });
});

describe("time is bounded however slowly a body trickles", () => {
  test("a trickling body trips the request's own time limit (the idle timeout never would)", async () => {
    const emulator = await startEmulator({ repos: 50, seed: 35, faultRate: 1, faultKinds: ["trickle"] });
    const error = await outcome(
      client(emulator, {
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
        transport: { requestTimeoutMs: 1500, bodyTimeoutMs: 30_000 },
      }),
    );
    try {
      expect(error).toBeInstanceOf(SwrNetworkError);
      expect((error as SwrNetworkError).retryable).toBe(true);
      expect(error.message).toMatch(/: no complete response within 1\.5 s \(transport\.requestTimeoutMs\)$/);
      expect(emulator.stats.listRequests).toBe(2);
    } finally {
      await emulator.close();
    }
  });

  test("the library's deadlineMs ends a trickling listing with an abort error", async () => {
    const emulator = await startEmulator({ repos: 50, seed: 36, faultRate: 1, faultKinds: ["trickle"] });
    const c = client(emulator);
    try {
      const error = await c.listRepositories({}, { deadlineMs: 1200 }).catch((e: unknown) => e as Error);
      expect(error).toBeInstanceOf(SwrAbortError);
      expect((error as Error).message).toBe("the listing did not finish before its deadline");
      expect(emulator.stats.listRequests).toBe(1);
    } finally {
      await c.close();
      await emulator.close();
    }
  });

  test("the CLI's --deadline ends a listing that never finishes", async () => {
    const emulator = await startEmulator({ repos: 50, seed: 37, faultRate: 1, faultKinds: ["trickle"] });
    try {
      const result = await runCli(["list", "--deadline", "1"], {
        HW_SWR_ENDPOINT: emulator.url,
        HW_AUTH_TOKEN: emulator.token,
      });
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBe(2);
      expect(result.stderr).toMatch(/did not finish before its deadline/);
    } finally {
      await emulator.close();
    }
  });

  test("the CLI's deadline defaults to two minutes, 0 turns it off, and a bad value is named", async () => {
    expect(DEFAULT_DEADLINE_SECONDS).toBe(120);
    expect(deadlineMs(undefined)).toBe(120_000);
    expect(deadlineMs("0")).toBeUndefined();
    const result = await runCli(["list", "--deadline", "soon"], {
      HW_SWR_ENDPOINT: "http://127.0.0.1:1",
      HW_AUTH_TOKEN: "t",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--deadline: must be a whole number of seconds/);
  });
});
