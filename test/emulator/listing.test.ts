/**
 * The emulator's listing as SWR documents it: paging and Content-Range, orders, filters, error bodies,
 * concurrent requests.
 */
import { seedRepositories, startEmulator, type RunningEmulator, type WireRepository } from "../../emulator";
import { wireRepository } from "../support/fixtures";
import { failure, get, keyOf, LIST, list, listError, REQUEST_ID } from "./requests";

describe("listing", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ repos: 500, seed: 1 });
  });
  afterAll(() => emulator.close());

  it("derives the same credentials and data from the same seed", async () => {
    const twin = await startEmulator({ repos: 500, seed: 1 });
    try {
      expect([twin.accessKey, twin.secretKey, twin.token]).toEqual([
        emulator.accessKey,
        emulator.secretKey,
        emulator.token,
      ]);
      expect(twin.repositories()).toEqual(emulator.repositories());
    } finally {
      await twin.close();
    }
  });

  it("pages with Content-Range {offset}-{count}/{total} and total_range on every item", async () => {
    const first = await list(emulator, "limit=100&offset=0");
    expect(first.headers.get("content-range")).toBe("0-100/500");
    expect(first.headers.get("content-type")).toMatch(/^application\/json/);
    expect(first.headers.get("x-request-id")).toMatch(REQUEST_ID);
    expect(first.items).toHaveLength(100);
    expect(first.items.every((r) => r.total_range === 500)).toBe(true);

    const last = await list(emulator, "limit=300&offset=300");
    expect(last.headers.get("content-range")).toBe("300-200/500");
    expect(last.items).toHaveLength(200);

    const beyond = await list(emulator, "limit=100&offset=500");
    expect(beyond.headers.get("content-range")).toBe("500-0/500");
    expect(beyond.items).toEqual([]);
  });

  it("returns the first 100 without Content-Range when no limit/offset is sent, newest first", async () => {
    const { headers, items } = await list(emulator);
    expect(headers.get("content-range")).toBeNull();
    expect(items).toHaveLength(100);
    for (let i = 1; i < items.length; i++) expect(items[i - 1].updated_at >= items[i].updated_at).toBe(true);
  });

  it("pages through a stable order with every repository exactly once", async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 500; offset += 50) {
      const page = await list(emulator, `limit=50&offset=${offset}&order_column=name&order_type=asc`);
      seen.push(...page.items.map(keyOf));
    }
    expect(new Set(seen).size).toBe(500);
    expect([...seen].sort()).toEqual(emulator.repositories().map(keyOf).sort());
  });

  it("orders by name, tag_count and updated_time in both directions", async () => {
    const byName = (await list(emulator, "limit=500&offset=0&order_column=name&order_type=desc")).items;
    for (let i = 1; i < byName.length; i++) expect(byName[i - 1].name >= byName[i].name).toBe(true);
    const byTags = (await list(emulator, "limit=500&offset=0&order_column=tag_count&order_type=asc")).items;
    for (let i = 1; i < byTags.length; i++)
      expect(byTags[i - 1].tags.length <= byTags[i].tags.length).toBe(true);
    const byTime = (
      await list(emulator, "filter=order_column::updated_time|order_type::asc|limit::500|offset::0")
    ).items;
    for (let i = 1; i < byTime.length; i++)
      expect(byTime[i - 1].updated_at <= byTime[i].updated_at).toBe(true);
  });

  it("matches namespace exactly, name as a substring (fuzzyName) and category", async () => {
    const sample = emulator.repositories()[0];
    const inNamespace = (await list(emulator, `namespace=${sample.namespace}&limit=1000&offset=0`)).items;
    expect(inNamespace.length).toBeGreaterThan(0);
    expect(inNamespace.every((r) => r.namespace === sample.namespace)).toBe(true);

    const fragment = sample.name.slice(0, 3);
    const named = (await list(emulator, `name=${encodeURIComponent(fragment)}&limit=1000&offset=0`)).items;
    const holding = emulator.repositories().filter((r) => r.name.includes(fragment));
    expect(named.map(keyOf).sort()).toEqual(holding.map(keyOf).sort());
    expect(named.some((r) => r.name !== fragment)).toBe(true);

    const databases = (await list(emulator, "category=database&limit=1000&offset=0")).items;
    expect(databases.length).toBe(emulator.repositories().filter((r) => r.category === "database").length);
  });

  it("finds a name fragment anywhere in a name, never across two names, in the order asked", async () => {
    const names = ["ab", "cd", "abcd", "xab", "b", "zzab"];
    const twin = await startEmulator({ repos: 0 });
    try {
      twin.setRepositories(names.map((name, i) => wireRepository(`org${i % 2}`, name)));
      const named = async (fragment: string, order = "asc") =>
        (await list(twin, `filter=name::${fragment}|order_column::name|order_type::${order}`)).items.map(
          (r) => r.name,
        );
      expect(await named("ab")).toEqual(["ab", "abcd", "xab", "zzab"]);
      expect(await named("ab", "desc")).toEqual(["zzab", "xab", "abcd", "ab"]);
      expect(await named("bc")).toEqual(["abcd"]); // not "ab" then "cd"
      expect(await named("b")).toEqual(["ab", "abcd", "b", "xab", "zzab"]);
      expect(await named("abx")).toEqual([]);
    } finally {
      await twin.close();
    }
  });

  it("matches a plain name exactly when fuzzyName is off", async () => {
    const sample = emulator.repositories().find((r) => !r.name.includes("/")) as WireRepository;
    emulator.configure({ fuzzyName: false });
    try {
      const { items } = await list(emulator, `name=${encodeURIComponent(sample.name)}&limit=1000&offset=0`);
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((r) => r.name === sample.name)).toBe(true);
    } finally {
      emulator.configure({ fuzzyName: true });
    }
  });

  it("applies filter keys fuzzily and over the plain parameters of the same meaning", async () => {
    const namespaces = [...new Set(emulator.repositories().map((r) => r.namespace))];
    const namespace = namespaces[0];
    // A fragment shared by several organizations, to see the filter match more than one.
    const fragment = namespaces
      .map((ns) => ns.slice(0, 4))
      .find((prefix) => namespaces.filter((ns) => ns.includes(prefix)).length > 1) as string;
    const fuzzy = (await list(emulator, `filter=namespace::${fragment}|limit::1000|offset::0`)).items;
    expect(fuzzy.every((r) => r.namespace.includes(fragment))).toBe(true);
    expect(new Set(fuzzy.map((r) => r.namespace)).size).toBeGreaterThan(1);

    // The plain namespace is invalid, yet ignored because the filter carries a namespace.
    const overridden = await list(
      emulator,
      `namespace=NOT_VALID&filter=namespace::${namespace}&limit=1000&offset=0`,
    );
    expect(overridden.items.length).toBeGreaterThan(0);

    const limited = await list(emulator, "limit=100&offset=0&filter=limit::5|offset::10");
    expect(limited.headers.get("content-range")).toBe("10-5/500");

    const ordered = (
      await list(emulator, "order_column=tag_count&order_type=desc&filter=order_column::name|order_type::asc")
    ).items;
    for (let i = 1; i < ordered.length; i++) expect(ordered[i - 1].name <= ordered[i].name).toBe(true);
  });

  it("ignores unknown query parameters", async () => {
    expect((await list(emulator, "limit=10&offset=0&marker=abc&foo=bar")).items).toHaveLength(10);
  });

  it.each([
    ["namespace=Upper", "SVCSTG.SWR.4001028"],
    ["namespace=ab..cd", "SVCSTG.SWR.4001028"],
    ["namespace=a___b", "SVCSTG.SWR.4001028"],
    ["namespace=9lives", "SVCSTG.SWR.4001028"],
    ["category=macos", "SVCSTG.SWR.4001025"],
    ["limit=0&offset=0", "SVCSTG.SWR.4000056"],
    ["limit=1001&offset=0", "SVCSTG.SWR.4000056"],
    ["limit=ten&offset=0", "SVCSTG.SWR.4000056"],
    ["limit=10", "SVCSTG.SWR.4000014"],
    ["offset=0", "SVCSTG.SWR.4000014"],
    ["limit=10&offset=5", "SVCSTG.SWR.4000014"],
    ["limit=10&offset=-10", "SVCSTG.SWR.4000014"],
    ["order_column=name", "SVCSTG.SWR.4000014"],
    ["order_column=size&order_type=asc", "SVCSTG.SWR.4000014"],
    ["order_column=name&order_type=up", "SVCSTG.SWR.4000014"],
    ["filter=", "SVCSTG.SWR.4001035"],
    ["filter=name", "SVCSTG.SWR.4001035"],
    ["filter=owner::me", "SVCSTG.SWR.4001035"],
    ["filter=name::", "SVCSTG.SWR.4001035"],
    ["filter=name::a|name::b", "SVCSTG.SWR.4001035"],
    ["filter=order_column::updated_at|order_type::asc", "SVCSTG.SWR.4001035"],
    ["filter=category::macos", "SVCSTG.SWR.4001025"],
    ["filter=limit::2000|offset::0", "SVCSTG.SWR.4000056"],
  ])("rejects %s with 400 %s", async (query, code) => {
    const reply = await listError(emulator, query);
    expect(reply.status).toBe(400);
    expect(reply.code).toBe(code);
    expect(reply.headers.get("x-request-id")).toMatch(REQUEST_ID);
  });

  it("uses several error body shapes", async () => {
    const shapes = new Set<string>();
    for (const query of ["namespace=Upper", "category=macos", "limit=0&offset=0"]) {
      const { body } = await listError(emulator, query);
      shapes.add(
        Array.isArray(body)
          ? "list"
          : Object.keys(body as object)
              .sort()
              .join(","),
      );
    }
    expect(shapes).toEqual(new Set(["list", "errorCode,errorMessage", "error_code,error_msg"]));
  });

  it("answers unknown paths and methods with 404 and a request id", async () => {
    const unknown = await failure(
      await get(emulator, "/v2/manage/namespaces", { "X-Auth-Token": emulator.token }),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.code).toBe("APIG.0101");
    const post = await fetch(emulator.url + LIST, {
      method: "POST",
      headers: { "X-Auth-Token": emulator.token },
    });
    expect(post.status).toBe(404);
    expect(post.headers.get("x-request-id")).toMatch(REQUEST_ID);
    await post.arrayBuffer();
  });

  it("serves the set given to setRepositories", async () => {
    const twin = await startEmulator({ repos: 20 });
    try {
      const three = seedRepositories(3, 99);
      twin.setRepositories(three);
      const { headers, items } = await list(twin, "limit=10&offset=0");
      expect(headers.get("content-range")).toBe("0-3/3");
      expect(items.map(keyOf).sort()).toEqual(three.map(keyOf).sort());
      const byNamespaceThenName = (a: WireRepository, b: WireRepository): number =>
        a.namespace === b.namespace ? (a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1;
      expect(twin.repositories().map(keyOf)).toEqual([...three].sort(byNamespaceThenName).map(keyOf));
    } finally {
      await twin.close();
    }
  });

  it("handles concurrent requests on keep-alive connections and counts them", async () => {
    emulator.resetStats();
    // A little latency keeps requests overlapping, so the in-flight peak is observable.
    emulator.configure({ latencyMs: 20 });
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => list(emulator, `limit=10&offset=${i * 10}`)),
    ).finally(() => emulator.configure({ latencyMs: 0 }));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(emulator.stats.requests).toBe(40);
    expect(emulator.stats.listRequests).toBe(40);
    expect(emulator.stats.byStatus[200]).toBe(40);
    expect(emulator.stats.maxInFlight).toBeGreaterThan(1);
  });
});
