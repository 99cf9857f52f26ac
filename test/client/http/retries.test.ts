/**
 * Failures on the way, from a scripted server: which statuses are retried and which are not,
 * `Retry-After`, attempts, cut-short and stalled bodies, silence, deadlines, and a 401 mid-listing.
 */
import { SwrAbortError, SwrApiError, SwrClient, SwrNetworkError } from "../../../sdk/client";
import { testClients, wireRow } from "../../support/fixtures";
import { answerNumbered, scriptedServer as scripted } from "../../support/scriptedServer";

const newClient = testClients({ authToken: "token" });
const clientFor = (url: string, retry = {}): SwrClient => newClient({ endpoint: url, retry });

test.each([
  [400, { errorCode: "SVCSTG.SWR.4001028", errorMessage: "bad namespace" }, "SVCSTG.SWR.4001028"],
  [
    401,
    { error_code: "APIG.0301", error_msg: "Incorrect IAM authentication information", request_id: "gw" },
    "APIG.0301",
  ],
  [404, [{ errorCode: "SVCSTG.SWR.4040000", errorMessage: "not found", detail: "x" }], "SVCSTG.SWR.4040000"],
])("HTTP %i is not retried and keeps the server's code", async (status, body, code) => {
  const server = await scripted((_req, res) => answerNumbered(res, status, body));
  const error = await clientFor(server.url)
    .listRepositories()
    .catch((e: unknown) => e);
  const sent = server.requests();
  await server.close();
  expect(error).toBeInstanceOf(SwrApiError);
  expect((error as SwrApiError).serverCode).toBe(code);
  expect((error as SwrApiError).requestId).toBe("req-" + status);
  expect(sent).toBe(1);
});

test("Retry-After is honoured as the least wait before retrying a throttled request", async () => {
  const waits: number[] = [];
  const server = await scripted((_req, res, n) =>
    n === 0
      ? answerNumbered(res, 429, { error_code: "APIG.0308", error_msg: "throttled" }, { "Retry-After": "3" })
      : answerNumbered(res, 200, [wireRow("a", "x")], { "Content-Range": "0-1/1" }),
  );
  const c = new SwrClient({
    endpoint: server.url,
    authToken: "t",
    env: {},
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  });
  const listing = await c.listRepositories();
  await c.close();
  await server.close();
  expect(listing.repositories).toHaveLength(1);
  expect(waits).toHaveLength(1);
  expect(waits[0]).toBeGreaterThanOrEqual(3000);
});

test("a server that keeps failing gives up after maxAttempts with the last error", async () => {
  const server = await scripted((_req, res) => answerNumbered(res, 503, "Service Unavailable"));
  const error = await clientFor(server.url, { maxAttempts: 4 })
    .listRepositories()
    .catch((e: unknown) => e);
  const sent = server.requests();
  await server.close();
  expect(error).toBeInstanceOf(SwrApiError);
  expect((error as SwrApiError).statusCode).toBe(503);
  expect(sent).toBe(4);
});

test("throttled attempts and failed ones are counted apart, each up to maxAttempts", async () => {
  const throttled = (res: Parameters<typeof answerNumbered>[0]) =>
    answerNumbered(res, 429, { error_code: "APIG.0308", error_msg: "throttled" });
  const fast = { maxAttempts: 4, baseDelayMs: 1, throttleBaseDelayMs: 1, maxDelayMs: 2 };
  // Three throttles and three 503s, alternating: six failures, yet neither kind reaches four.
  const mixed = await scripted((_req, res, n) =>
    n < 6
      ? n % 2 === 0
        ? throttled(res)
        : answerNumbered(res, 503, "Service Unavailable")
      : answerNumbered(res, 200, [wireRow("a", "x")], { "Content-Range": "0-1/1" }),
  );
  const listing = await clientFor(mixed.url, fast).listRepositories();
  const mixedSent = mixed.requests();
  await mixed.close();
  expect(listing.repositories.map((r) => r.name)).toEqual(["x"]);
  expect(listing.stats.failures).toBe(6);
  expect(mixedSent).toBe(7);
  // A server that only ever throttles still ends: after maxAttempts throttled attempts.
  const busy = await scripted((_req, res) => throttled(res));
  const error = await clientFor(busy.url, fast)
    .listRepositories()
    .catch((e: unknown) => e);
  const busySent = busy.requests();
  await busy.close();
  expect(error).toBeInstanceOf(SwrApiError);
  expect((error as SwrApiError).statusCode).toBe(429);
  expect(busySent).toBe(4);
});

test("a body cut short is retried", async () => {
  const full = JSON.stringify([wireRow("a", "x")]);
  const server = await scripted((_req, res, n) => {
    if (n === 0) {
      res.writeHead(200, {
        "Content-Type": "application/json",
        "Content-Length": String(full.length),
        "Content-Range": "0-1/1",
      });
      res.write(full.slice(0, 10));
      res.socket?.destroy();
      return;
    }
    answerNumbered(res, 200, full, { "Content-Range": "0-1/1" });
  });
  const listing = await clientFor(server.url).listRepositories();
  await server.close();
  expect(listing.repositories).toHaveLength(1);
  expect(listing.stats.failures).toBe(1);
});

test("a server that never answers fails with a network error after the headers timeout", async () => {
  const server = await scripted(() => undefined);
  const c = new SwrClient({
    endpoint: server.url,
    authToken: "t",
    env: {},
    sleep: () => Promise.resolve(),
    retry: { maxAttempts: 2 },
    transport: { headersTimeoutMs: 200 },
  });
  const error = await c.listRepositories().catch((e: unknown) => e);
  await c.close();
  await server.close();
  expect(error).toBeInstanceOf(SwrNetworkError);
  expect((error as Error).message).toMatch(/no response headers in time/);
});

test("a body that stalls midway is retried once the body timeout passes", async () => {
  const full = JSON.stringify([wireRow("a", "x")]);
  const server = await scripted((_req, res, n) => {
    res.writeHead(200, {
      "Content-Type": "application/json",
      "Content-Length": String(full.length),
      "Content-Range": "0-1/1",
    });
    if (n === 0)
      res.write(full.slice(0, 10)); // and then nothing more
    else res.end(full);
  });
  const c = new SwrClient({
    endpoint: server.url,
    authToken: "t",
    env: {},
    sleep: () => Promise.resolve(),
    transport: { bodyTimeoutMs: 200 },
  });
  const listing = await c.listRepositories();
  await c.close();
  await server.close();
  expect(listing.repositories).toHaveLength(1);
  expect(listing.stats.requests).toBe(2);
});

test("a listing that cannot finish before its deadline fails with an abort error that says so", async () => {
  const server = await scripted((_req, res) => answerNumbered(res, 503, "busy"));
  const c = new SwrClient({
    endpoint: server.url,
    authToken: "t",
    env: {},
    retry: { maxAttempts: 1000, maxDelayMs: 50 },
  });
  const error = await c.listRepositories({}, { deadlineMs: 300 }).catch((e: unknown) => e);
  await c.close();
  await server.close();
  expect(error).toBeInstanceOf(SwrAbortError);
  expect((error as Error).message).toMatch(/deadline/);
});

test("after a 401 mid-listing, what is in flight is aborted and nothing more is sent", async () => {
  const arrivals: number[] = [];
  let abandoned = 0;
  const server = await scripted((req, res) => {
    arrivals.push(Date.now());
    const offset = Number(new URL(req.url ?? "/", "http://x").searchParams.get("offset"));
    const rows = Array.from({ length: 100 }, (_, i) =>
      wireRow("a", `r${String(offset + i).padStart(4, "0")}`),
    );
    const ok = () => answerNumbered(res, 200, rows, { "Content-Range": `${offset}-100/1000` });
    if (offset === 0) return ok();
    if (offset === 300)
      return answerNumbered(res, 401, {
        error_code: "APIG.0301",
        error_msg: "Incorrect IAM authentication information",
      });
    const timer = setTimeout(ok, 300);
    res.once("close", () => {
      if (!res.writableEnded) abandoned++;
      clearTimeout(timer);
    });
  });
  const client = newClient({ endpoint: server.url, concurrency: 3, paging: { pageSize: 100 } });
  const error = await client.listRepositories().catch((e: unknown) => e);
  await new Promise((resolve) => setTimeout(resolve, 400));
  await server.close();
  expect(error).toBeInstanceOf(SwrApiError);
  expect((error as SwrApiError).serverCode).toBe("APIG.0301");
  // Page 0, then the three sent at once, of which the third is refused: the two still in flight were
  // abandoned by the client, not answered, and none of the other six pages was ever sent.
  expect(arrivals.length).toBeLessThanOrEqual(4);
  expect(abandoned).toBe(arrivals.length - 2);
});
