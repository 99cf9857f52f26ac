import {
  authorizationHeader,
  canonicalRequest,
  computeSignature,
  formatSdkDate,
} from "../../sdk/client/http/akskSignature";
import {
  seedRepositories,
  startEmulator,
  type FaultKind,
  type RunningEmulator,
  type WireRepository,
} from "../../emulator";
import { isOrganizationName } from "../../emulator/names";
import { officialAuthorization, useTemporaryHome } from "../support/officialSdk";

const LIST = "/v2/manage/repos";
const REQUEST_ID = /^[0-9a-f]{32}$/;

interface Listing {
  readonly status: number;
  readonly headers: Headers;
  readonly items: WireRepository[];
}

interface ErrorReply {
  readonly status: number;
  readonly headers: Headers;
  readonly code: string | undefined;
  readonly body: unknown;
}

function get(
  emulator: RunningEmulator,
  pathAndQuery: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(emulator.url + pathAndQuery, { headers });
}

async function list(emulator: RunningEmulator, query = ""): Promise<Listing> {
  const res = await get(emulator, `${LIST}${query ? "?" + query : ""}`, { "X-Auth-Token": emulator.token });
  const body: unknown = await res.json();
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${JSON.stringify(body)}`);
  return { status: res.status, headers: res.headers, items: body as WireRepository[] };
}

/** The error code from any of SWR's body shapes. */
async function failure(res: Response): Promise<ErrorReply> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Gateways can answer with HTML; the code is then absent.
  }
  const first = (Array.isArray(body) ? body[0] : body) as Record<string, unknown> | string;
  const code =
    typeof first === "object" && first !== null ? (first.errorCode ?? first.error_code) : undefined;
  return {
    status: res.status,
    headers: res.headers,
    code: typeof code === "string" ? code : undefined,
    body,
  };
}

async function listError(emulator: RunningEmulator, query: string): Promise<ErrorReply> {
  return failure(await get(emulator, `${LIST}?${query}`, { "X-Auth-Token": emulator.token }));
}

interface SignOptions {
  readonly date?: Date;
  readonly accessKey?: string;
  readonly secretKey?: string;
  readonly extraHeaders?: Record<string, string>;
}

/** Headers for an AK/SK-signed GET of `pathAndQuery`, signed over exactly what fetch will send. */
function signed(
  emulator: RunningEmulator,
  pathAndQuery: string,
  options: SignOptions = {},
): Record<string, string> {
  const url = new URL(emulator.url + pathAndQuery);
  const headers: Record<string, string> = {
    Host: url.host,
    "X-Sdk-Date": formatSdkDate(options.date ?? new Date()),
    ...options.extraHeaders,
  };
  const keys = {
    accessKey: options.accessKey ?? emulator.accessKey,
    secretKey: options.secretKey ?? emulator.secretKey,
  };
  const authorization = authorizationHeader(
    { method: "GET", path: url.pathname, query: [...url.searchParams], headers },
    keys,
  );
  return { ...headers, Authorization: authorization };
}

function keyOf(repo: WireRepository): string {
  return `${repo.namespace}/${repo.name}`;
}

describe("seedRepositories", () => {
  const repos = seedRepositories(500, 1);

  it("is deterministic per seed", () => {
    expect(seedRepositories(500, 1)).toEqual(repos);
    expect(seedRepositories(500, 2)).not.toEqual(repos);
  });

  it("has the shape that makes paging hard: shared names, ties, a few slashes", () => {
    const namespaces = new Set(repos.map((r) => r.namespace));
    expect(namespaces.size).toBeGreaterThanOrEqual(20);
    expect([...namespaces].every(isOrganizationName)).toBe(true);
    expect(new Set(repos.map(keyOf)).size).toBe(repos.length);

    const orgsByName = new Map<string, Set<string>>();
    for (const r of repos) orgsByName.set(r.name, (orgsByName.get(r.name) ?? new Set()).add(r.namespace));
    const shared = repos.filter((r) => (orgsByName.get(r.name)?.size ?? 0) > 1).length;
    expect(shared / repos.length).toBeGreaterThan(0.3);
    expect(new Set(repos.map((r) => r.updated_at)).size).toBeLessThan(repos.length / 3);
    const slashed = repos.filter((r) => r.name.includes("/")).length;
    expect(slashed).toBeGreaterThan(0);
    expect(slashed).toBeLessThan(repos.length * 0.05);
  });

  it("produces values in SWR's ranges and formats", () => {
    const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
    for (const r of repos) {
      expect(r.created_at).toMatch(timestamp);
      expect(r.updated_at).toMatch(timestamp);
      expect(r.created_at <= r.updated_at).toBe(true);
      expect(r.tags.length).toBeLessThanOrEqual(25);
      expect(new Set(r.tags).size).toBe(r.tags.length);
      expect(Number.isSafeInteger(r.size)).toBe(true);
      expect(r.path).toBe(`swr.ap-southeast-1.myhuaweicloud.com/${r.namespace}/${r.name}`);
      expect(r.internal_path).toMatch(new RegExp(`^[\\d.]+:\\d+/${r.namespace}/`));
      expect([
        "app_server",
        "linux",
        "framework_app",
        "database",
        "lang",
        "other",
        "windows",
        "arm",
      ]).toContain(r.category);
      expect(r.status).toBe(true);
    }
    expect(repos.some((r) => r.size > 2 ** 32)).toBe(true);
    const publicShare = repos.filter((r) => r.is_public).length / repos.length;
    expect(publicShare).toBeGreaterThan(0.08);
    expect(publicShare).toBeLessThan(0.25);
  });
});

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
    expect(named.every((r) => r.name.includes(fragment))).toBe(true);
    expect(named.some((r) => r.name !== fragment)).toBe(true);

    const databases = (await list(emulator, "category=database&limit=1000&offset=0")).items;
    expect(databases.length).toBe(emulator.repositories().filter((r) => r.category === "database").length);
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

describe("authentication", () => {
  useTemporaryHome();
  const now = Date.UTC(2025, 0, 15, 12, 0, 0);
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ repos: 50, clock: () => now, faultRate: 1 });
  });
  afterAll(() => emulator.close());

  async function expectRefused(res: Response): Promise<void> {
    const reply = await failure(res);
    expect(reply.status).toBe(401);
    expect(reply.code).toBe("APIG.0301");
    const body = reply.body as Record<string, unknown>;
    expect(body.error_msg).toMatch(/^Incorrect IAM authentication information: /);
    expect(body.request_id).toBe(reply.headers.get("x-request-id"));
  }

  // faultRate 1 on this emulator: a refused request must fail with 401, never with a fault.
  it("refuses missing or wrong credentials with 401 APIG.0301, before any fault", async () => {
    await expectRefused(await get(emulator, LIST));
    await expectRefused(await get(emulator, LIST, { "X-Auth-Token": "MIIT-wrong" }));
    expect(emulator.stats.faultsInjected).toBe(0);
  });

  describe("with faults off", () => {
    beforeAll(() => emulator.configure({ faultRate: 0 }));
    const date = new Date(now);

    it("accepts the IAM token", async () => {
      expect((await get(emulator, LIST, { "X-Auth-Token": emulator.token })).status).toBe(200);
    });

    it("accepts a request signed with our signer, including encoded query values", async () => {
      const query = new URLSearchParams({
        filter: "name::team/|limit::100|offset::0",
        name: "a b+c",
      }).toString();
      const path = `${LIST}?${query}`;
      const res = await get(emulator, path, signed(emulator, path, { date }));
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    });

    it("accepts a request signed by Huawei's official SDK signer", async () => {
      const query: Array<[string, string]> = [
        ["filter", "name::team/|limit::100|offset::0"],
        ["order_column", "name"],
        ["order_type", "asc"],
      ];
      const url = new URL(emulator.url + LIST);
      const headers = { "X-Sdk-Date": formatSdkDate(date), "X-Project-Id": "0123456789abcdef" };
      const authorization = await officialAuthorization(
        { method: "GET", url: url.href, query, headers },
        { accessKey: emulator.accessKey, secretKey: emulator.secretKey },
      );
      const res = await get(emulator, `${LIST}?${new URLSearchParams(query).toString()}`, {
        ...headers,
        Authorization: authorization,
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    });

    it("accepts a date 14 minutes off and refuses one 16 minutes off", async () => {
      const path = `${LIST}?limit=10&offset=0`;
      const near = await get(emulator, path, signed(emulator, path, { date: new Date(now - 14 * 60_000) }));
      expect(near.status).toBe(200);
      await near.arrayBuffer();
      await expectRefused(
        await get(emulator, path, signed(emulator, path, { date: new Date(now + 16 * 60_000) })),
      );
      await expectRefused(
        await get(emulator, path, signed(emulator, path, { date: new Date(now - 16 * 60_000) })),
      );
    });

    it("refuses a tampered query", async () => {
      const headers = signed(emulator, `${LIST}?limit=10&offset=0`, { date });
      await expectRefused(await get(emulator, `${LIST}?limit=20&offset=0`, headers));
    });

    it("refuses a changed signed header", async () => {
      const headers = signed(emulator, LIST, { date, extraHeaders: { "X-Project-Id": "aaaa" } });
      await expectRefused(await get(emulator, LIST, { ...headers, "X-Project-Id": "bbbb" }));
    });

    it("refuses a wrong secret and an unknown access key", async () => {
      await expectRefused(
        await get(emulator, LIST, signed(emulator, LIST, { date, secretKey: "x".repeat(40) })),
      );
      await expectRefused(
        await get(emulator, LIST, signed(emulator, LIST, { date, accessKey: "UNKNOWNACCESSKEY0000" })),
      );
    });

    it("refuses SignedHeaders without host, even with a matching signature", async () => {
      const sdkDate = formatSdkDate(date);
      const request = { method: "GET", path: LIST, query: [], headers: { "X-Sdk-Date": sdkDate } };
      const signature = computeSignature(
        emulator.secretKey,
        sdkDate,
        canonicalRequest(request, ["x-sdk-date"]),
      );
      await expectRefused(
        await get(emulator, LIST, {
          "X-Sdk-Date": sdkDate,
          Authorization: `SDK-HMAC-SHA256 Access=${emulator.accessKey}, SignedHeaders=x-sdk-date, Signature=${signature}`,
        }),
      );
    });

    it("refuses a missing or malformed X-Sdk-Date", async () => {
      const headers = signed(emulator, LIST, { date });
      await expectRefused(await get(emulator, LIST, { ...headers, "X-Sdk-Date": "2025-01-15T12:00:00Z" }));
    });
  });

  it("requires a signed X-Security-Token when one is configured", async () => {
    const temporary = await startEmulator({ repos: 10, securityToken: "sts-token", clock: () => now });
    const date = new Date(now);
    try {
      const withToken = signed(temporary, LIST, { date, extraHeaders: { "X-Security-Token": "sts-token" } });
      expect((await get(temporary, LIST, withToken)).status).toBe(200);
      await expectRefused(await get(temporary, LIST, signed(temporary, LIST, { date })));
      const unsigned = { ...signed(temporary, LIST, { date }), "X-Security-Token": "sts-token" };
      await expectRefused(await get(temporary, LIST, unsigned));
    } finally {
      await temporary.close();
    }
  });
});

describe("faults and throttling", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ repos: 200, seed: 3 });
  });
  afterAll(() => emulator.close());
  afterEach(() => emulator.configure({ faultRate: 0, maxConcurrency: undefined, latencyMs: 0 }));

  it("throttles requests above maxConcurrency with 429 APIG.0308", async () => {
    emulator.configure({ maxConcurrency: 2, latencyMs: 150 });
    emulator.resetStats();
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        get(emulator, `${LIST}?limit=10&offset=0`, { "X-Auth-Token": emulator.token }),
      ),
    );
    const throttled = await Promise.all(replies.filter((r) => r.status === 429).map(failure));
    await Promise.all(replies.filter((r) => r.status !== 429).map((r) => r.arrayBuffer()));
    expect(throttled.length).toBeGreaterThanOrEqual(6);
    expect(throttled.every((t) => t.code === "APIG.0308")).toBe(true);
    expect(throttled.every((t) => [null, "1"].includes(t.headers.get("retry-after")))).toBe(true);
    expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
    expect(emulator.stats.throttled).toBe(throttled.length);
    expect(emulator.stats.byStatus[429]).toBe(throttled.length);
    expect(emulator.stats.maxInFlight).toBeGreaterThan(2);
  });

  it.each<[FaultKind, number, string | undefined]>([
    ["throttle", 429, "APIG.0308"],
    ["too-many", 403, "SVCSTG.SWR.4031042"],
    ["busy", 409, "SVCSTG.SWR.4090023"],
    ["server", 500, "SVCSTG.SWR.5000008"],
    ["bad-gateway", 502, undefined],
    ["unavailable", 503, "APIG.0202"],
    ["gateway-timeout", 504, "APIG.0201"],
  ])("injects %s as %d", async (kind, status, code) => {
    emulator.configure({ faultRate: 1, faultKinds: [kind] });
    const reply = await failure(
      await get(emulator, `${LIST}?limit=10&offset=0`, { "X-Auth-Token": emulator.token }),
    );
    expect(reply.status).toBe(status);
    expect(reply.code).toBe(code);
    expect(reply.headers.get("x-request-id")).toMatch(REQUEST_ID);
  });

  it("injects reset as a connection dropped before any response", async () => {
    emulator.configure({ faultRate: 1, faultKinds: ["reset"] });
    await expect(get(emulator, LIST, { "X-Auth-Token": emulator.token })).rejects.toThrow();
  });

  it("injects truncate as a 200 whose body stops short of its Content-Length", async () => {
    emulator.configure({ faultRate: 1, faultKinds: ["truncate"] });
    const res = await get(emulator, `${LIST}?limit=100&offset=0`, { "X-Auth-Token": emulator.token });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("content-length"))).toBeGreaterThan(1000);
    await expect(res.text()).rejects.toThrow();
  });

  it("injects faults at about faultRate, only on authenticated list requests", async () => {
    emulator.configure({ faultRate: 0.3, faultKinds: ["server", "busy"] });
    emulator.resetStats();
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await get(emulator, `${LIST}?limit=10&offset=0`, { "X-Auth-Token": emulator.token });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    const faults = statuses.filter((s) => s !== 200).length;
    expect(emulator.stats.faultsInjected).toBe(faults);
    expect(faults).toBeGreaterThan(10);
    expect(faults).toBeLessThan(55);
    expect((emulator.stats.byStatus[500] ?? 0) + (emulator.stats.byStatus[409] ?? 0)).toBe(faults);
  });
});

describe("a moving registry", () => {
  it("breaks ties differently on every request with unstableTies, and not without", async () => {
    const emulator = await startEmulator({ repos: 500 });
    try {
      const query = "limit=50&offset=50&order_column=tag_count&order_type=asc";
      const stable = await Promise.all(
        [1, 2, 3].map(async () => (await list(emulator, query)).items.map(keyOf)),
      );
      expect(stable[1]).toEqual(stable[0]);
      expect(stable[2]).toEqual(stable[0]);

      emulator.configure({ unstableTies: true });
      const pages: string[][] = [];
      for (let i = 0; i < 3; i++) pages.push((await list(emulator, query)).items.map(keyOf));
      expect(new Set(pages.map((p) => p.join())).size).toBeGreaterThan(1);

      // The hazard it models: naive offset paging over ties skips and repeats repositories.
      const seen: string[] = [];
      for (let offset = 0; offset < 500; offset += 50) {
        seen.push(
          ...(
            await list(emulator, `limit=50&offset=${offset}&order_column=tag_count&order_type=asc`)
          ).items.map(keyOf),
        );
      }
      expect(seen).toHaveLength(500);
      expect(new Set(seen).size).toBeLessThan(500);
    } finally {
      await emulator.close();
    }
  });

  it("changes the set once after mutateAfterPages paged responses", async () => {
    const emulator = await startEmulator({ repos: 500, mutateAfterPages: 2 });
    try {
      const totalOf = async (offset: number): Promise<string | null> =>
        (await list(emulator, `limit=100&offset=${offset}`)).headers.get("content-range");
      expect(await totalOf(0)).toBe("0-100/500");
      await list(emulator); // unpaged: does not count
      expect(await totalOf(100)).toBe("100-100/500");
      const moved = await totalOf(200);
      expect(moved).not.toBe("200-100/500");
      const total = Number(moved?.split("/")[1]);
      expect(emulator.repositories()).toHaveLength(total);
      for (let offset = 0; offset < 500; offset += 100)
        expect((await totalOf(offset))?.endsWith(`/${total}`)).toBe(true);

      emulator.configure({ mutateAfterPages: 1 });
      await totalOf(0);
      expect(emulator.repositories().length).not.toBe(total);
    } finally {
      await emulator.close();
    }
  });
});

describe("control endpoints", () => {
  it("read and reset the counters and read and replace the set, without counting themselves", async () => {
    const emulator = await startEmulator({ repos: 40, seed: 4 });
    const control = (path: string, init?: RequestInit) => fetch(`${emulator.url}/__emulator/${path}`, init);
    try {
      await list(emulator, "limit=10&offset=0");
      const stats = (await (await control("stats")).json()) as { listRequests: number };
      expect(stats.listRequests).toBe(1);
      await control("stats/reset", { method: "POST" });
      expect(emulator.stats.listRequests).toBe(0);
      const repos = (await (await control("repositories")).json()) as WireRepository[];
      expect(repos).toEqual(emulator.repositories());
      const put = await control("repositories", { method: "PUT", body: JSON.stringify(repos.slice(5)) });
      expect(put.status).toBe(200);
      expect(emulator.repositories()).toHaveLength(35);
      expect(emulator.stats.requests).toBe(0);
      expect((await control("nothing")).status).toBe(404);
    } finally {
      await emulator.close();
    }
  });
});
