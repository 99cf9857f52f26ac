/**
 * The emulator's seeded data: deterministic per seed, and shaped like SWR's (shared names, ties, slashes,
 * sizes past 2^32).
 */
import { seedRepositories } from "../../emulator";
import { isOrganizationName } from "../../emulator/names";
import { keyOf } from "./requests";

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
