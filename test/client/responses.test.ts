import { ServerResponse } from "node:http";
import {
  SwrAbortError,
  SwrApiError,
  SwrClient,
  SwrListingError,
  SwrNetworkError,
  SwrResponseError,
} from "../../sdk/client";
import { scriptedServer as scripted } from "../support/scriptedServer";

function repo(namespace: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    namespace,
    category: "other",
    description: "",
    size: 10,
    is_public: false,
    num_images: 1,
    num_download: 0,
    created_at: "2024-01-01T00:00:00.000000Z",
    updated_at: "2024-01-01T00:00:00.000000Z",
    logo: "",
    url: "",
    path: `swr.example/${namespace}/${name}`,
    internal_path: `internal/${namespace}/${name}`,
    domain_name: "tenant",
    tags: ["b", "a"],
    status: true,
    ...extra,
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json", "X-Request-Id": "req-" + status, ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

const clients: SwrClient[] = [];
function clientFor(url: string, retry = {}): SwrClient {
  const c = new SwrClient({
    endpoint: url,
    authToken: "token",
    env: {},
    sleep: () => Promise.resolve(),
    retry,
  });
  clients.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

test("a malformed Content-Range is a response error naming the header and the request id", async () => {
  const server = await scripted((_req, res) => send(res, 200, [repo("a", "x")], { "Content-Range": "0-1" }));
  const error = await clientFor(server.url)
    .listRepositories()
    .catch((e: unknown) => e);
  await server.close();
  expect(error).toBeInstanceOf(SwrResponseError);
  expect((error as SwrResponseError).field).toBe("Content-Range");
  expect((error as SwrResponseError).message).toContain("req-200");
});

test("a field of the wrong type is a response error naming the item and field", async () => {
  const server = await scripted((_req, res) =>
    send(res, 200, [repo("a", "x"), repo("a", "y", { size: "big" })], { "Content-Range": "0-2/2" }),
  );
  const error = await clientFor(server.url)
    .listRepositories()
    .catch((e: unknown) => e);
  await server.close();
  expect(error).toBeInstanceOf(SwrResponseError);
  expect((error as SwrResponseError).field).toBe("[1].size");
});

test("a size beyond 2^53 is refused rather than rounded", async () => {
  const server = await scripted((_req, res) =>
    send(res, 200, `[${JSON.stringify(repo("a", "x")).replace('"size":10', '"size":18014398509481985')}]`, {
      "Content-Range": "0-1/1",
    }),
  );
  const error = await clientFor(server.url)
    .listRepositories()
    .catch((e: unknown) => e);
  await server.close();
  expect((error as SwrResponseError).field).toBe("[0].size");
});

test("a Content-Range whose middle number is an end index is read for its total alone", async () => {
  const server = await scripted((_req, res) =>
    send(res, 200, [repo("a", "x"), repo("b", "y")], { "Content-Range": "0-1/2" }),
  );
  const listing = await clientFor(server.url).listRepositories();
  await server.close();
  expect(listing.repositories.map((r) => r.name)).toEqual(["x", "y"]);
  expect(listing.stats.requests).toBe(1);
});

test("a Content-Range that counts more rows than the server ever serves ends in a listing error, not a short list", async () => {
  const server = await scripted((_req, res) =>
    send(res, 200, [repo("a", "x")], { "Content-Range": "0-2/2" }),
  );
  const error = await clientFor(server.url)
    .listRepositories()
    .catch((e: unknown) => e);
  await server.close();
  expect(error).toBeInstanceOf(SwrListingError);
});

test("a server that repeats rows and never yields the rest ends in a listing error, not a short list", async () => {
  const server = await scripted((_req, res) =>
    send(res, 200, [repo("a", "x"), repo("a", "x")], { "Content-Range": "0-2/2" }),
  );
  const error = await clientFor(server.url)
    .listRepositories()
    .catch((e: unknown) => e);
  await server.close();
  expect(error).toBeInstanceOf(SwrListingError);
  expect((error as SwrListingError).reason).toBe("incomplete");
});

test("a total that keeps moving is retried a bounded number of times, then reported", async () => {
  const server = await scripted((req, res, n) => {
    const offset = Number(new URL(req.url ?? "/", "http://x").searchParams.get("offset"));
    const total = 1001 + n; // every response reports a different total
    send(
      res,
      200,
      offset === 0 ? Array.from({ length: 1000 }, (_, i) => repo("a", `r${i}`)) : [repo("b", `r${n}`)],
      {
        "Content-Range": `${offset}-${offset === 0 ? 1000 : 1}/${total}`,
      },
    );
  });
  const error = await clientFor(server.url)
    .listRepositories()
    .catch((e: unknown) => e);
  const sent = server.requests();
  await server.close();
  expect(error).toBeInstanceOf(SwrListingError);
  expect((error as SwrListingError).reason).toBe("set-changed");
  expect(sent).toBe(8); // four listings of two pages: the first and three re-lists
});

test.each([
  [400, { errorCode: "SVCSTG.SWR.4001028", errorMessage: "bad namespace" }, "SVCSTG.SWR.4001028"],
  [
    401,
    { error_code: "APIG.0301", error_msg: "Incorrect IAM authentication information", request_id: "gw" },
    "APIG.0301",
  ],
  [404, [{ errorCode: "SVCSTG.SWR.4040000", errorMessage: "not found", detail: "x" }], "SVCSTG.SWR.4040000"],
])("HTTP %i is not retried and keeps the server's code", async (status, body, code) => {
  const server = await scripted((_req, res) => send(res, status, body));
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
      ? send(res, 429, { error_code: "APIG.0308", error_msg: "throttled" }, { "Retry-After": "3" })
      : send(res, 200, [repo("a", "x")], { "Content-Range": "0-1/1" }),
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
  const server = await scripted((_req, res) => send(res, 503, "Service Unavailable"));
  const error = await clientFor(server.url, { maxAttempts: 4 })
    .listRepositories()
    .catch((e: unknown) => e);
  const sent = server.requests();
  await server.close();
  expect(error).toBeInstanceOf(SwrApiError);
  expect((error as SwrApiError).statusCode).toBe(503);
  expect(sent).toBe(4);
});

test("a body cut short is retried", async () => {
  const full = JSON.stringify([repo("a", "x")]);
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
    send(res, 200, full, { "Content-Range": "0-1/1" });
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
  const full = JSON.stringify([repo("a", "x")]);
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
  const server = await scripted((_req, res) => send(res, 503, "busy"));
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
    const rows = Array.from({ length: 100 }, (_, i) => repo("a", `r${String(offset + i).padStart(4, "0")}`));
    const ok = () => send(res, 200, rows, { "Content-Range": `${offset}-100/1000` });
    if (offset === 0) return ok();
    if (offset === 300)
      return send(res, 401, {
        error_code: "APIG.0301",
        error_msg: "Incorrect IAM authentication information",
      });
    const timer = setTimeout(ok, 300);
    res.once("close", () => {
      if (!res.writableEnded) abandoned++;
      clearTimeout(timer);
    });
  });
  const client = new SwrClient({
    endpoint: server.url,
    authToken: "token",
    env: {},
    sleep: () => Promise.resolve(),
    concurrency: 3,
    paging: { pageSize: 100 },
  });
  clients.push(client);
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

test("one page (limit and offset) without Content-Range takes its total from total_range", async () => {
  const server = await scripted((_req, res) => send(res, 200, [repo("a", "x", { total_range: 31 })]));
  const listing = await clientFor(server.url).listRepositories({ limit: 10, offset: 30 });
  await server.close();
  expect(listing.total).toBe(31);
  expect(listing.repositories.map((r) => r.name)).toEqual(["x"]);
});

test("a Content-Range and a total_range that disagree are a response error naming the header", async () => {
  const server = await scripted((_req, res) =>
    send(res, 200, [repo("a", "x", { total_range: 5 })], { "Content-Range": "0-1/1" }),
  );
  const error = await clientFor(server.url)
    .listRepositories({ limit: 10, offset: 0 })
    .catch((e: unknown) => e);
  await server.close();
  expect(error).toBeInstanceOf(SwrResponseError);
  expect((error as SwrResponseError).field).toBe("Content-Range");
  expect((error as SwrResponseError).message).toContain("req-200");
});

/** A client of `url` that pages `pageSize` at a time. */
function pagedClient(url: string, pageSize: number): SwrClient {
  const c = new SwrClient({
    endpoint: url,
    authToken: "token",
    env: {},
    sleep: () => Promise.resolve(),
    paging: { pageSize },
  });
  clients.push(c);
  return c;
}

/** A server that pages `rows` in the order `sort` gives, whatever order the request asks for. */
async function pagingIn(rows: ReturnType<typeof repo>[], sort: (a: string, b: string) => number) {
  const ordered = [...rows].sort((a, b) => sort(a.name, b.name));
  return scripted((req, res) => {
    const params = new URL(req.url ?? "/", "http://x").searchParams;
    const limit = Number(params.get("limit"));
    const offset = Number(params.get("offset"));
    const page = ordered.slice(offset, offset + limit);
    send(res, 200, page, { "Content-Range": `${offset}-${page.length}/${ordered.length}` });
  });
}

test("a server that ignores every documented order fails with reason unordered, saying what it did", async () => {
  const rows = Array.from({ length: 300 }, (_, i) =>
    repo("a", `r${String(i).padStart(3, "0")}`, {
      updated_at: `2024-01-01T00:00:${String(Math.floor(i / 10)).padStart(2, "0")}.${String(i).padStart(6, "0")}Z`,
    }),
  );
  // Newest and last by name first: neither name order nor update-time order, ascending.
  const server = await pagingIn(rows, (a, b) => (a < b ? 1 : -1));
  const error = await pagedClient(server.url, 100)
    .listRepositories()
    .catch((e: unknown) => e);
  await server.close();
  expect(error).toBeInstanceOf(SwrListingError);
  expect((error as SwrListingError).reason).toBe("unordered");
  expect((error as SwrListingError).message).toMatch(/name order .*"r299" before "r298".*update-time order/);
});

const icu = new Intl.Collator("en");
test.each([
  [
    "sorts _ after the letters (MySQL general_ci)",
    (a: string, b: string) => (a.toUpperCase() < b.toUpperCase() ? -1 : 1),
  ],
  ["is linguistic: _ before - before . before digits (ICU)", (a: string, b: string) => icu.compare(a, b)],
])("a server whose collation %s is listed exactly, its order recognised", async (_what, collation) => {
  const stems = ["a_b", "ab", "a-b", "a.b", "a1", "a__b"];
  const rows = Array.from({ length: 200 }, (_, i) => repo("a", `${stems[i % stems.length]}${i % 7}${i}`));
  const server = await pagingIn(rows, collation);
  const listing = await pagedClient(server.url, 50).listRepositories();
  await server.close();
  expect(listing.repositories.map((r) => r.name)).toEqual(rows.map((r) => r.name).sort());
  // Four pages, no repair and no other route: the order was recognised, not given up on.
  expect(listing.stats.requests).toBe(4);
});

test("a category the client does not know is kept as the server sent it", async () => {
  const server = await scripted((_req, res) =>
    send(res, 200, [repo("a", "x", { category: "quantum" })], { "Content-Range": "0-1/1" }),
  );
  const listing = await clientFor(server.url).listRepositories();
  await server.close();
  expect(listing.repositories.map((r) => r.category)).toEqual(["quantum"]);
});

describe("null values (a Go server writes a nil pointer or slice as null)", () => {
  test("optional values become empty: texts empty, tags empty, status as when absent", async () => {
    const nulls = { description: null, logo: null, url: null, domain_name: null, tags: null, status: null };
    const server = await scripted((_req, res) =>
      send(res, 200, [repo("a", "x", { ...nulls, total_range: null })], { "Content-Range": "0-1/1" }),
    );
    const [listed] = (await clientFor(server.url).listRepositories()).repositories;
    await server.close();
    expect([listed.description, listed.logo, listed.url, listed.domainName]).toEqual(["", "", "", ""]);
    expect(listed.tags).toEqual([]);
    expect(listed.status).toBe(true);
  });

  test.each(["namespace", "name", "is_public", "path"])(
    "a null %s, which the row cannot be used without, fails naming the field",
    async (field) => {
      const server = await scripted((_req, res) =>
        send(res, 200, [repo("a", "x", { [field]: null })], { "Content-Range": "0-1/1" }),
      );
      const error = await clientFor(server.url)
        .listRepositories()
        .catch((e: unknown) => e);
      await server.close();
      expect(error).toBeInstanceOf(SwrResponseError);
      expect((error as SwrResponseError).field).toBe(`[0].${field}`);
    },
  );

  test("a tag's null image id is empty and a null type is a single manifest", async () => {
    const tag = {
      Tag: "v1",
      digest: `sha256:${"a".repeat(64)}`,
      image_id: null,
      tag_type: null,
      path: "swr.example/a/x:v1",
      internal_path: "internal/a/x:v1",
      size: 5,
      created: "2024-01-01T00:00:00.000000Z",
      updated: "2024-01-01T00:00:00.000000Z",
      deleted: null,
    };
    const server = await scripted((_req, res) => send(res, 200, [tag], { "Content-Range": "0-1/1" }));
    const [listed] = (await clientFor(server.url).listRepositoryTags("a", "x")).tags;
    await server.close();
    expect([listed.imageId, listed.manifestType]).toEqual(["", "manifest"]);
  });
});
