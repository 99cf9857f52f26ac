/**
 * Responses that break what SWR documents, from a scripted server: malformed or disagreeing totals,
 * wrong field types and sizes, repeated rows, orders the client does not know, nulls. Each is a typed
 * error naming the field and the request id, or is read as the documentation allows.
 */
import { SwrClient, SwrListingError, SwrResponseError } from "../../sdk/client";
import { testClients, wireRow } from "../support/fixtures";
import { answerNumbered, scriptedServer as scripted } from "../support/scriptedServer";

const newClient = testClients({ authToken: "token" });
const clientFor = (url: string, retry = {}): SwrClient => newClient({ endpoint: url, retry });

test("a malformed Content-Range is a response error naming the header and the request id", async () => {
  const server = await scripted((_req, res) =>
    answerNumbered(res, 200, [wireRow("a", "x")], { "Content-Range": "0-1" }),
  );
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
    answerNumbered(res, 200, [wireRow("a", "x"), wireRow("a", "y", { size: "big" })], {
      "Content-Range": "0-2/2",
    }),
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
    answerNumbered(
      res,
      200,
      `[${JSON.stringify(wireRow("a", "x", { size: 10 })).replace('"size":10', '"size":18014398509481985')}]`,
      {
        "Content-Range": "0-1/1",
      },
    ),
  );
  const error = await clientFor(server.url)
    .listRepositories()
    .catch((e: unknown) => e);
  await server.close();
  expect((error as SwrResponseError).field).toBe("[0].size");
});

test("a Content-Range whose middle number is an end index is read for its total alone", async () => {
  const server = await scripted((_req, res) =>
    answerNumbered(res, 200, [wireRow("a", "x"), wireRow("b", "y")], { "Content-Range": "0-1/2" }),
  );
  const listing = await clientFor(server.url).listRepositories();
  await server.close();
  expect(listing.repositories.map((r) => r.name)).toEqual(["x", "y"]);
  expect(listing.stats.requests).toBe(1);
});

test("a Content-Range that counts more rows than the server ever serves ends in a listing error, not a short list", async () => {
  const server = await scripted((_req, res) =>
    answerNumbered(res, 200, [wireRow("a", "x")], { "Content-Range": "0-2/2" }),
  );
  const error = await clientFor(server.url)
    .listRepositories()
    .catch((e: unknown) => e);
  await server.close();
  expect(error).toBeInstanceOf(SwrListingError);
});

test("a server that repeats rows and never yields the rest ends in a listing error, not a short list", async () => {
  const server = await scripted((_req, res) =>
    answerNumbered(res, 200, [wireRow("a", "x"), wireRow("a", "x")], { "Content-Range": "0-2/2" }),
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
    answerNumbered(
      res,
      200,
      offset === 0 ? Array.from({ length: 1000 }, (_, i) => wireRow("a", `r${i}`)) : [wireRow("b", `r${n}`)],
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

test("one page (limit and offset) without Content-Range takes its total from total_range", async () => {
  const server = await scripted((_req, res) =>
    answerNumbered(res, 200, [wireRow("a", "x", { total_range: 31 })]),
  );
  const listing = await clientFor(server.url).listRepositories({ limit: 10, offset: 30 });
  await server.close();
  expect(listing.total).toBe(31);
  expect(listing.repositories.map((r) => r.name)).toEqual(["x"]);
});

test("a Content-Range and a total_range that disagree are a response error naming the header", async () => {
  const server = await scripted((_req, res) =>
    answerNumbered(res, 200, [wireRow("a", "x", { total_range: 5 })], { "Content-Range": "0-1/1" }),
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
const pagedClient = (url: string, pageSize: number): SwrClient =>
  newClient({ endpoint: url, paging: { pageSize } });

/** A server that pages `rows` in the order `sort` gives, whatever order the request asks for. */
async function pagingIn(rows: ReturnType<typeof wireRow>[], sort: (a: string, b: string) => number) {
  const ordered = [...rows].sort((a, b) => sort(a.name, b.name));
  return scripted((req, res) => {
    const params = new URL(req.url ?? "/", "http://x").searchParams;
    const limit = Number(params.get("limit"));
    const offset = Number(params.get("offset"));
    const page = ordered.slice(offset, offset + limit);
    answerNumbered(res, 200, page, { "Content-Range": `${offset}-${page.length}/${ordered.length}` });
  });
}

test("a server that ignores every documented order fails with reason unordered, saying what it did", async () => {
  const rows = Array.from({ length: 300 }, (_, i) =>
    wireRow("a", `r${String(i).padStart(3, "0")}`, {
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
  const rows = Array.from({ length: 200 }, (_, i) => wireRow("a", `${stems[i % stems.length]}${i % 7}${i}`));
  const server = await pagingIn(rows, collation);
  const listing = await pagedClient(server.url, 50).listRepositories();
  await server.close();
  expect(listing.repositories.map((r) => r.name)).toEqual(rows.map((r) => r.name).sort());
  // Four pages, no repair and no other route: the order was recognised, not given up on.
  expect(listing.stats.requests).toBe(4);
});

test("a category the client does not know is kept as the server sent it", async () => {
  const server = await scripted((_req, res) =>
    answerNumbered(res, 200, [wireRow("a", "x", { category: "quantum" })], { "Content-Range": "0-1/1" }),
  );
  const listing = await clientFor(server.url).listRepositories();
  await server.close();
  expect(listing.repositories.map((r) => r.category)).toEqual(["quantum"]);
});

describe("null values (a Go server writes a nil pointer or slice as null)", () => {
  test("optional values become empty: texts empty, tags empty, status as when absent", async () => {
    const nulls = { description: null, logo: null, url: null, domain_name: null, tags: null, status: null };
    const server = await scripted((_req, res) =>
      answerNumbered(res, 200, [wireRow("a", "x", { ...nulls, total_range: null })], {
        "Content-Range": "0-1/1",
      }),
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
        answerNumbered(res, 200, [wireRow("a", "x", { [field]: null })], { "Content-Range": "0-1/1" }),
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
    const server = await scripted((_req, res) =>
      answerNumbered(res, 200, [tag], { "Content-Range": "0-1/1" }),
    );
    const [listed] = (await clientFor(server.url).listRepositoryTags("a", "x")).tags;
    await server.close();
    expect([listed.imageId, listed.manifestType]).toEqual(["", "manifest"]);
  });
});
