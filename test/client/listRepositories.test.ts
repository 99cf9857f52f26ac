import { RunningEmulator, startEmulator, WireRepository } from "../../emulator";
import {
  Category,
  Repository,
  SwrAbortError,
  SwrApiError,
  SwrClient,
  SwrInputError,
  SwrListingError,
} from "../../sdk/client";
import {
  EVERY_DIALECT,
  expectListingCost,
  recordingDispatcher,
  undocumentedParameters,
} from "../support/documented";
import { emulatorClients } from "../support/fixtures";

function keysOf(repos: ReadonlyArray<{ namespace: string; name: string }>): string[] {
  return repos.map((r) => `${r.namespace}/${r.name}`);
}

function sortedKeys(repos: ReadonlyArray<{ namespace: string; name: string }>): string[] {
  return keysOf(repos).sort();
}

/** What the user relies on: every repository once, nothing else, in (namespace, name) order. */
function expectExactly(actual: readonly Repository[], expected: readonly WireRepository[]): void {
  const keys = keysOf(actual);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys).toEqual(
    [...expected]
      .sort((a, b) =>
        a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : 1,
      )
      .map((r) => `${r.namespace}/${r.name}`),
  );
}

describe.each(EVERY_DIALECT)("SwrClient against the emulator, %s dialect", (_name, dialect) => {
  let emulator: RunningEmulator;
  const client = emulatorClients(() => emulator);

  beforeAll(async () => {
    emulator = await startEmulator({ repos: 2600, seed: 7, dialect });
  });
  afterEach(() => {
    emulator.configure({
      faultRate: 0,
      maxConcurrency: undefined,
      unstableTies: false,
      mutateAfterPages: undefined,
      fuzzyName: true,
    });
    emulator.resetStats();
  });
  afterAll(() => emulator.close());

  test("lists every repository exactly once, in (namespace, name) order, with sorted tags and exact sizes", async () => {
    const listing = await client().listRepositories();
    const expected = emulator.repositories();
    expectExactly(listing.repositories, expected);
    expect(listing.total).toBe(expected.length);
    for (const repo of listing.repositories) expect([...repo.tags].sort()).toEqual(repo.tags);
    const big = expected.find((r) => r.size > 2 ** 32) as WireRepository;
    expect(big).toBeDefined();
    expect(listing.repositories.find((r) => r.namespace === big.namespace && r.name === big.name)?.size).toBe(
      big.size,
    );
    expectListingCost(listing.stats.requests, expected.length, dialect);
  });

  test("authenticates with an IAM token as well as with AK/SK", async () => {
    const listing = await client({
      accessKey: undefined,
      secretKey: undefined,
      authToken: emulator.token,
    }).listRepositories({
      category: "linux",
    });
    const expected = emulator.repositories().filter((r) => r.category === "linux");
    expectExactly(listing.repositories, expected);
  });

  test("namespace and category narrow the listing", async () => {
    // An organization and category the seed really holds, and a repository of that organization in
    // another category, so that both constraints have something to leave out.
    const all = emulator.repositories();
    const kept = all.find((r) => all.some((o) => o.namespace === r.namespace && o.category !== r.category));
    expect(kept).toBeDefined();
    const { namespace, category } = kept!;
    const expected = all.filter((r) => r.namespace === namespace && r.category === category);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.filter((r) => r.namespace === namespace).length);
    const listing = await client().listRepositories({ namespace, category: category as Category });
    expectExactly(listing.repositories, expected);
  });

  test("a name gives exactly that name, although the server matches names fuzzily", async () => {
    const all = emulator.repositories();
    const name = all.find((r) => all.some((o) => o.name !== r.name && o.name.includes(r.name)))
      ?.name as string;
    expect(name).toBeDefined();
    const listing = await client().listRepositories({ name });
    expect(listing.repositories.length).toBeGreaterThan(0);
    expect(listing.repositories.every((r) => r.name === name)).toBe(true);
    expectExactly(
      listing.repositories,
      all.filter((r) => r.name === name),
    );
  });

  test("a requested order is honoured, with (namespace, name) breaking ties", async () => {
    const listing = await client().listRepositories({ orderColumn: "updated_at", orderType: "desc" });
    const expected = [...emulator.repositories()].sort(
      (a, b) =>
        (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0) ||
        (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0) ||
        (a.name < b.name ? -1 : 1),
    );
    expect(keysOf(listing.repositories)).toEqual(keysOf(expected));
  });

  test("the filter parameter is serialized as key::value pairs and its fuzzy matches are kept", async () => {
    const namespace = emulator.repositories()[0].namespace;
    const fragment = namespace.slice(0, 3);
    const listing = await client().listRepositories({
      filter: { namespace: fragment, category: "linux", orderColumn: "tag_count", orderType: "asc" },
    });
    const expected = emulator
      .repositories()
      .filter((r) => r.namespace.includes(fragment) && r.category === "linux");
    expect(sortedKeys(listing.repositories)).toEqual(sortedKeys(expected));
    const counts = listing.repositories.map((r) => r.tags.length);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });

  test("limit and offset give one page and the server's total", async () => {
    const listing = await client().listRepositories({
      limit: 50,
      offset: 100,
      orderColumn: "name",
      orderType: "asc",
    });
    expect(listing.repositories).toHaveLength(50);
    expect(listing.total).toBe(emulator.repositories().length);
    expect(emulator.stats.listRequests).toBe(1);
  });

  test.each([
    [{ namespace: "Team" }, "namespace", "lowercase"],
    [{ namespace: "1team" }, "namespace", "start with a lowercase letter"],
    [{ namespace: "team-" }, "namespace", "end with a lowercase letter or a digit"],
    [{ namespace: "te..am" }, "namespace", "adjacent"],
    [{ namespace: "te___am" }, "namespace", "more than two consecutive underscores"],
    [{ namespace: "a".repeat(65) }, "namespace", "1 to 64"],
    [{ category: "games" }, "category", "must be one of"],
    [{ limit: 0, offset: 0 }, "limit", "at least 1"],
    [{ limit: 1001, offset: 0 }, "limit", "at most 1000"],
    [{ limit: 10, offset: 15 }, "offset", "multiple of limit"],
    [{ limit: 10 }, "offset", "go together"],
    [{ orderColumn: "name" }, "orderType", "go together"],
    [{ orderColumn: "size", orderType: "asc" }, "orderColumn", "must be one of"],
    [{ filter: {} }, "filter", "at least one key"],
    [{ filter: { name: "a|b" } }, "filter.name", '"|"'],
    [{ filter: { namespace: "x::y" } }, "filter.namespace", "only lowercase"],
    [{ colour: "red" }, "query", "unknown key"],
  ])("rejects %j naming %s, before any request", async (query, field, rule) => {
    const error = await client()
      .listRepositories(query as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwrInputError);
    const issues = (error as SwrInputError).issues;
    expect(issues.some((i) => i.field === field && i.rule.includes(rule))).toBe(true);
    expect(emulator.stats.requests).toBe(0);
  });

  test("half a key pair and clear-text endpoints are refused when the client is built", () => {
    expect(() => new SwrClient({ endpoint: emulator.url, accessKey: "ak", env: {} })).toThrow(
      /secretKey: is required with accessKey/,
    );
    expect(() => new SwrClient({ endpoint: "http://swr.example.com", authToken: "t", env: {} })).toThrow(
      /endpoint: must use https/,
    );
    expect(() => new SwrClient({ accessKey: "ak", env: {} })).toThrow(/region: is required/);
    expect(emulator.stats.requests).toBe(0);
  });

  test("settings come from HW_* and HUAWEICLOUD_SDK_* environment variables", async () => {
    const env = {
      HW_SWR_ENDPOINT: emulator.url,
      HUAWEICLOUD_SDK_AK: emulator.accessKey,
      HUAWEICLOUD_SDK_SK: emulator.secretKey,
      HW_PROJECT_ID: "0123456789abcdef0123456789abcdef",
    };
    const c = client({ endpoint: undefined, accessKey: undefined, secretKey: undefined, env });
    const listing = await c.listRepositories({ limit: 10, offset: 0 });
    expect(listing.repositories).toHaveLength(10);
  });

  test("a wrong secret key fails after exactly one request, with the server's code and request id", async () => {
    const error = await client({ secretKey: "wrong" })
      .listRepositories()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwrApiError);
    const api = error as SwrApiError;
    expect(api.statusCode).toBe(401);
    expect(api.serverCode).toBe("APIG.0301");
    expect(api.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(api.message).toContain(api.requestId as string);
    expect(api.message).not.toContain("wrong");
    expect(emulator.stats.requests).toBe(1);
  });

  test("complete and exact when the server orders ties differently on every request", async () => {
    emulator.configure({ unstableTies: true });
    const c = client({ paging: { pageSize: 50 } });
    for (let run = 0; run < 3; run++) {
      const listing = await c.listRepositories();
      expectExactly(listing.repositories, emulator.repositories());
    }
  });

  test("complete and exact with 25% transient faults of every kind", async () => {
    emulator.configure({ faultRate: 0.25, unstableTies: true });
    const listing = await client({ paging: { pageSize: 100 } }).listRepositories();
    expectExactly(listing.repositories, emulator.repositories());
    expect(emulator.stats.faultsInjected).toBeGreaterThan(0);
    expect(listing.stats.failures).toBe(emulator.stats.faultsInjected);
  });

  test("complete and exact while the server throttles, adapting concurrency instead of failing", async () => {
    emulator.configure({ maxConcurrency: 2, latencyMs: 5 });
    const listing = await client({ concurrency: 16, paging: { pageSize: 100 } }).listRepositories();
    emulator.configure({ latencyMs: 0 });
    expectExactly(listing.repositories, emulator.repositories());
    expect(emulator.stats.throttled).toBeGreaterThan(0);
    expect(listing.stats.throttled).toBe(emulator.stats.throttled);
  });

  test("left at its default concurrency, the rest of the pages go out at once after the server answers 16", async () => {
    emulator.configure({ latencyMs: 50 });
    const listing = await client({ paging: { pageSize: 50 } }).listRepositories();
    emulator.configure({ latencyMs: 0 });
    expectExactly(listing.repositories, emulator.repositories());
    // 52 pages: page 0, then 16, then at the first answer the other 35: more than the settled 16.
    expect(emulator.stats.maxInFlight).toBeGreaterThan(16);
  });

  test("a server that takes 4 at once never sees more than 16 of the default concurrency", async () => {
    emulator.configure({ maxConcurrency: 4, latencyMs: 20 });
    const listing = await client({ paging: { pageSize: 50 } }).listRepositories();
    emulator.configure({ latencyMs: 0 });
    expectExactly(listing.repositories, emulator.repositories());
    expect(emulator.stats.maxInFlight).toBeLessThanOrEqual(16);
    // 12 of the first 16 refused, 4 of the halved 8, a probe or two: not 47 of a wave of 51, each
    // refusal a retry that may have to wait out a Retry-After.
    expect(emulator.stats.throttled).toBeGreaterThan(0);
    expect(emulator.stats.throttled).toBeLessThanOrEqual(20);
  });

  test("a set that changes mid-listing is listed again, never mixed", async () => {
    const before = emulator.repositories();
    emulator.configure({ mutateAfterPages: 2 });
    const listing = await client({ paging: { pageSize: 200 } }).listRepositories();
    const after = emulator.repositories();
    expect(sortedKeys(after)).not.toEqual(sortedKeys(before));
    expectExactly(listing.repositories, after);
    expect(listing.stats.relists).toBeGreaterThanOrEqual(1);
    emulator.setRepositories(before);
  });

  test("a set that keeps changing ends in a listing error, not a partial list", async () => {
    const before = emulator.repositories();
    emulator.configure({ mutateAfterPages: 2 });
    const stream = client({ paging: { pageSize: 200 } }).listRepositoryPages();
    const error = await (async () => {
      for await (const page of stream) void page;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwrListingError);
    expect((error as SwrListingError).reason).toBe("set-changed");
    emulator.setRepositories(before);
  });

  test("streaming and collecting give the same repositories", async () => {
    emulator.configure({ unstableTies: true });
    const c = client({ paging: { pageSize: 100 } });
    const streamed: Repository[] = [];
    for await (const page of c.listRepositoryPages({ category: "lang" })) streamed.push(...page.repositories);
    const collected = await c.listRepositories({ category: "lang" });
    expect(sortedKeys(streamed)).toEqual(sortedKeys(collected.repositories));
    expect(streamed).toHaveLength(collected.total);
  });

  test.each([
    [
      "--namespace",
      (ns: string) => ({ namespace: ns }),
      (r: WireRepository, ns: string) => r.namespace === ns,
    ],
    [
      "--namespace and --filter name::…",
      (ns: string) => ({ namespace: ns, filter: { name: "a" } }),
      (r: WireRepository, ns: string) => r.namespace === ns && r.name.includes("a"),
    ],
    [
      "--category and --filter namespace::…",
      (ns: string) => ({ category: "linux" as const, filter: { namespace: ns.slice(0, 3) } }),
      (r: WireRepository, ns: string) => r.category === "linux" && r.namespace.includes(ns.slice(0, 3)),
    ],
    ["no constraint", () => ({}), () => true],
  ])(
    "with ties reordered on every request, %s is exact, and every request is one SWR documents",
    async (_what, query, keeps) => {
      emulator.configure({ unstableTies: true });
      // The organization with the most repositories, so that its listing spans several pages.
      const counts = new Map<string, number>();
      for (const r of emulator.repositories()) counts.set(r.namespace, (counts.get(r.namespace) ?? 0) + 1);
      const namespace = [...counts].sort((a, b) => b[1] - a[1])[0][0];
      const { dispatcher, paths } = recordingDispatcher();
      const c = client({ paging: { pageSize: 5 }, transport: { dispatcher } });
      const listing = await c.listRepositories(query(namespace));
      await dispatcher.close();
      const expected = emulator.repositories().filter((r) => keeps(r, namespace));
      expect(expected.length).toBeGreaterThan(10);
      expectExactly(listing.repositories, expected);
      expect(paths.flatMap(undocumentedParameters)).toEqual([]);
    },
  );

  test("a server that ignores the documented name order is still listed exactly, in update-time order", async () => {
    // A server whose filter order_column::name is taken as its default order, updated_at desc.
    const { dispatcher, paths } = recordingDispatcher();
    const ignoring = client({
      accessKey: undefined,
      secretKey: undefined,
      authToken: emulator.token,
      paging: { pageSize: 100 },
      transport: {
        dispatcher: dispatcher.compose((dispatch) => (options, handler) => {
          const path = (options.path as string).replace(
            /order_column%3A%3Aname%7Corder_type%3A%3Aasc%7C/,
            "",
          );
          return dispatch({ ...options, path }, handler);
        }),
      },
    });
    emulator.configure({ unstableTies: true });
    const listing = await ignoring.listRepositories();
    await dispatcher.close();
    expectExactly(listing.repositories, emulator.repositories());
    expect(paths.some((p) => p.includes("order_column%3A%3Aupdated_time"))).toBe(true);
  });

  test("an aborted listing rejects with an abort error", async () => {
    emulator.configure({ latencyMs: 200 });
    const controller = new AbortController();
    const pending = client().listRepositories({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(SwrAbortError);
    emulator.configure({ latencyMs: 0 });
  });
});
