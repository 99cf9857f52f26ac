import {
  combineDialects,
  startEmulator,
  type Dialect,
  type RunningEmulator,
  type WireRepository,
} from "../../emulator";

/** One GET with the emulator's token: status, body, error code (of any body shape) and Content-Range. */
async function get(emulator: RunningEmulator, path: string) {
  const response = await fetch(emulator.url + path, { headers: { "X-Auth-Token": emulator.token } });
  const body = (await response.json()) as unknown;
  const code = Array.isArray(body)
    ? (body[0] as { errorCode?: string } | undefined)?.errorCode
    : ((body as { error_code?: string; errorCode?: string }).error_code ??
      (body as { errorCode?: string }).errorCode);
  return { status: response.status, body, code, range: response.headers.get("content-range") };
}

const names = (body: unknown) => (body as WireRepository[]).map((r) => r.name);

describe("emulator dialects: what the documentation leaves open, each reading", () => {
  const emulators: RunningEmulator[] = [];
  async function emulatorWith(...dialect: string[]): Promise<RunningEmulator> {
    const e = await startEmulator({ repos: 300, seed: 4, dialect: combineDialects(dialect) as Dialect });
    emulators.push(e);
    return e;
  }
  afterAll(() => Promise.all(emulators.map((e) => e.close())));

  test("permissive honours a plain order_column=name, strict refuses it, ignore-order answers in the default order", async () => {
    const page = "/v2/manage/repos?limit=50&offset=0&order_column=name&order_type=asc";
    const permissive = await get(await emulatorWith("permissive"), page);
    expect(permissive.status).toBe(200);
    expect(names(permissive.body)).toEqual([...names(permissive.body)].sort());

    const strict = await get(await emulatorWith("strict"), page);
    expect(strict.status).toBe(400);
    expect(strict.code).toBe("SVCSTG.SWR.4001025");

    const ignoring = await emulatorWith("ignore-order");
    const ignored = await get(ignoring, page);
    const byDefault = await get(ignoring, "/v2/manage/repos?limit=50&offset=0");
    expect(ignored.status).toBe(200);
    expect(names(ignored.body)).toEqual(names(byDefault.body));
    expect(names(ignored.body)).not.toEqual([...names(ignored.body)].sort());

    // The documented spelling inside filter is honoured by every dialect.
    for (const dialect of ["strict", "ignore-order", "filter-voids-plain"]) {
      const filtered = await get(
        await emulatorWith(dialect),
        "/v2/manage/repos?filter=order_column::name|order_type::asc|limit::50|offset::0",
      );
      expect(filtered.status).toBe(200);
      expect(names(filtered.body)).toEqual([...names(filtered.body)].sort());
    }
  });

  test("filter-voids-plain lets any filter void every plain namespace, name and category", async () => {
    const permissive = await emulatorWith("permissive");
    const namespace = permissive.repositories()[0].namespace;
    const query = `/v2/manage/repos?namespace=${namespace}&filter=category::linux`;
    const sameKey = await get(permissive, query);
    expect(
      (sameKey.body as WireRepository[]).every((r) => r.namespace === namespace && r.category === "linux"),
    ).toBe(true);
    const voiding = await get(await emulatorWith("filter-voids-plain"), query + "|limit::1000|offset::0");
    const rows = voiding.body as WireRepository[];
    expect(rows.every((r) => r.category === "linux")).toBe(true);
    expect(rows.some((r) => r.namespace !== namespace)).toBe(true);
  });

  test("the tag list: strict refuses order_column=tag, plain or in the filter; ignore-order answers newest first", async () => {
    const strict = await emulatorWith("strict");
    const repo = strict.repositories().find((r) => r.tags.length > 3) as WireRepository;
    const path = `/v2/manage/namespaces/${repo.namespace}/repos/${encodeURIComponent(repo.name.replace(/\//g, "$"))}/tags`;
    for (const query of ["?order_column=tag&order_type=asc", "?filter=order_column::tag|order_type::asc"]) {
      const refused = await get(strict, path + query);
      expect(refused.status).toBe(400);
      expect(refused.code).toBe("SVCSTG.SWR.4001025");
    }
    expect((await get(strict, path + "?order_column=updated_at&order_type=asc")).status).toBe(200);
    const ignoring = await emulatorWith("ignore-order");
    const ignored = await get(ignoring, path + "?order_column=tag&order_type=asc");
    const updated = (ignored.body as Array<{ updated: string }>).map((t) => t.updated);
    expect(updated).toEqual([...updated].sort().reverse());
  });

  test("the response readings: Content-Range as an end index, or none (total_range stays); a capped or short page", async () => {
    const page = "/v2/manage/repos?limit=100&offset=200";
    const counted = await get(await emulatorWith("permissive"), page);
    expect(counted.range).toBe("200-100/300");
    expect((await get(await emulatorWith("end-index-range"), page)).range).toBe("200-299/300");
    expect(
      (await get(await emulatorWith("end-index-range"), "/v2/manage/repos?limit=100&offset=300")).range,
    ).toBe("*/300");
    const dropped = await get(await emulatorWith("no-content-range"), page);
    expect(dropped.range).toBeNull();
    expect((dropped.body as WireRepository[]).every((r) => r.total_range === 300)).toBe(true);

    const capped = await emulatorWith("limit-100");
    const refused = await get(capped, "/v2/manage/repos?limit=101&offset=0");
    expect([refused.status, refused.code]).toEqual([400, "SVCSTG.SWR.4000056"]);
    expect((await get(capped, "/v2/manage/repos?limit=100&offset=0")).status).toBe(200);

    const short = await get(await emulatorWith("short-pages"), "/v2/manage/repos?limit=1000&offset=0");
    expect(short.body).toHaveLength(120);
    expect(short.range).toBe("0-120/300");
  });

  test("the nulls reading writes empty optional values as null, in both lists", async () => {
    const nulls = await emulatorWith("nulls");
    const plain = await emulatorWith("permissive");
    const all = "/v2/manage/repos?limit=1000&offset=0";
    const written = (await get(nulls, all)).body as Array<Record<string, unknown>>;
    const stored = (await get(plain, all)).body as Array<Record<string, unknown>>;
    expect(written.some((r) => r.description === null)).toBe(true);
    for (const [i, row] of written.entries())
      for (const field of ["description", "logo", "url", "domain_name"])
        expect(row[field]).toBe(stored[i][field] === "" ? null : stored[i][field]);
    const repo = nulls.repositories().find((r) => r.tags.length > 3) as WireRepository;
    const tagPath = `/v2/manage/namespaces/${repo.namespace}/repos/${encodeURIComponent(repo.name.replace(/\//g, "$"))}/tags`;
    const tags = (await get(nulls, tagPath)).body as Array<{ tag_type: unknown }>;
    expect(tags.every((t) => t.tag_type === null || t.tag_type === 1)).toBe(true);
  });

  test("dialects that say different things of one question cannot be combined", () => {
    expect(combineDialects(["strict", "ignore-order"])).toMatch(/cannot be combined/);
    expect(combineDialects(["lenient"])).toMatch(/unknown dialect "lenient"/);
    expect(combineDialects(["end-index-range", "no-content-range"])).toMatch(/cannot be combined/);
    expect(combineDialects(["strict", "filter-voids-plain", "short-pages", "nulls"])).toMatchObject({
      undocumentedOrder: "reject",
      filterVoids: "every-plain",
      servedRows: 120,
      nulls: true,
      isPublic: "honour",
    });
    expect(combineDialects(["strict", "older-server"])).toMatchObject({
      undocumentedOrder: "reject",
      filterVoids: "same-key",
      isPublic: "unknown",
    });
  });

  test("permissive honours is_public, plain and in the filter; older-server ignores the plain one and refuses the key", async () => {
    const isPublic = (body: unknown) => (body as WireRepository[]).map((r) => r.is_public);
    const current = await emulatorWith("permissive");
    for (const query of ["is_public=true", "filter=is_public::true"]) {
      const { status, body } = await get(current, `/v2/manage/repos?limit=1000&offset=0&${query}`);
      expect(status).toBe(200);
      expect(isPublic(body).length).toBeGreaterThan(0);
      expect(isPublic(body).every((p) => p)).toBe(true);
    }
    const privateOnly = await get(current, "/v2/manage/repos?limit=1000&offset=0&is_public=false");
    expect(isPublic(privateOnly.body).some((p) => p)).toBe(false);
    const bad = await get(current, "/v2/manage/repos?is_public=yes");
    expect([bad.status, bad.code]).toEqual([400, "SVCSTG.SWR.4001025"]);

    const older = await emulatorWith("older-server");
    const plain = await get(older, "/v2/manage/repos?limit=1000&offset=0&is_public=true");
    expect(plain.status).toBe(200);
    expect(isPublic(plain.body)).toContain(false);
    const refused = await get(older, "/v2/manage/repos?filter=is_public::true");
    expect([refused.status, refused.code]).toEqual([400, "SVCSTG.SWR.4001035"]);
  });

  test("the plain orders namespace and is_public: honoured by permissive, refused by strict", async () => {
    const current = await emulatorWith("permissive");
    const byNamespace = await get(
      current,
      "/v2/manage/repos?limit=1000&offset=0&order_column=namespace&order_type=asc",
    );
    const namespaces = (byNamespace.body as WireRepository[]).map((r) => r.namespace);
    expect(namespaces).toEqual([...namespaces].sort());
    const byVisibility = await get(
      current,
      "/v2/manage/repos?limit=1000&offset=0&order_column=is_public&order_type=desc",
    );
    const visibility = (byVisibility.body as WireRepository[]).map((r) => r.is_public);
    expect(visibility).toEqual([...visibility].sort().reverse());
    expect(visibility).toContain(false);
    const strict = await get(
      await emulatorWith("strict"),
      "/v2/manage/repos?limit=10&offset=0&order_column=namespace&order_type=asc",
    );
    expect([strict.status, strict.code]).toEqual([400, "SVCSTG.SWR.4001025"]);
  });
});
