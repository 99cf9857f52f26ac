import { SwrInputError } from "../../sdk/client";
import { compareListings, parseListing } from "../../sdk/drift/compare";
import { DriftSubject, hasDrift } from "../../sdk/drift/report";
import { renderDriftMarkdown } from "../../sdk/drift/render";

function repo(namespace: string, name: string, changes: Partial<DriftSubject> = {}): DriftSubject {
  return {
    namespace,
    name,
    category: "app_server",
    description: "web tier",
    size: 1_048_576,
    isPublic: false,
    tags: ["v1"],
    ...changes,
  };
}

const baseline = [repo("team-a", "api"), repo("team-a", "web"), repo("team-b", "db"), repo("team-b", "old")];

describe("compareListings", () => {
  test("no change: an empty report, whatever the order of the listings", () => {
    const report = compareListings(baseline, [...baseline].reverse());
    expect(report).toEqual({ added: [], removed: [], changed: [], unchanged: 4 });
    expect(hasDrift(report)).toBe(false);
    expect(renderDriftMarkdown(report)).toBe("# SWR drift: none\n\n4 repositories, all unchanged.\n");
  });

  test("fields drift does not compare (downloads, update times) are no change", () => {
    const moved = baseline.map((r) => ({ ...r, numDownload: 99, updatedAt: "2025-01-01T00:00:00Z" }));
    expect(hasDrift(compareListings(baseline, moved))).toBe(false);
  });

  test("added and removed repositories, sorted by namespace and name, with their visibility", () => {
    const report = compareListings(baseline, [
      repo("team-z", "new", { isPublic: true }),
      ...baseline.filter((r) => r.name !== "old" && r.name !== "api"),
      repo("team-a", "cache"),
    ]);
    expect(report.added).toEqual([
      { namespace: "team-a", name: "cache", isPublic: false },
      { namespace: "team-z", name: "new", isPublic: true },
    ]);
    expect(report.removed).toEqual([
      { namespace: "team-a", name: "api", isPublic: false },
      { namespace: "team-b", name: "old", isPublic: false },
    ]);
    expect(report.changed).toEqual([]);
    expect(report.unchanged).toBe(2);
  });

  test("a visibility flip, tags added and removed, size, category and description changes", () => {
    const after = baseline.map((r) =>
      r.name === "web"
        ? {
            ...r,
            isPublic: true,
            tags: ["v3", "v2"],
            size: 3_000_000,
            category: "linux",
            description: "edge | tier",
          }
        : r.name === "db"
          ? { ...r, tags: ["v1", "v0"] }
          : r,
    );
    const report = compareListings(baseline, after);
    expect(report.changed).toEqual([
      {
        namespace: "team-a",
        name: "web",
        changes: [
          { field: "isPublic", before: false, after: true },
          { field: "category", before: "app_server", after: "linux" },
          { field: "description", before: "web tier", after: "edge | tier" },
          { field: "size", before: 1_048_576, after: 3_000_000 },
          { field: "tags", before: ["v1"], after: ["v2", "v3"], added: ["v2", "v3"], removed: ["v1"] },
        ],
      },
      {
        namespace: "team-b",
        name: "db",
        changes: [{ field: "tags", before: ["v1"], after: ["v0", "v1"], added: ["v0"], removed: [] }],
      },
    ]);
    expect(hasDrift(report)).toBe(true);
  });

  test("a listing naming a repository twice is an input error naming the index", () => {
    expect(() => compareListings(baseline, [...baseline, repo("team-a", "web")])).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ field: "after[4]" })] }),
    );
  });
});

describe("renderDriftMarkdown", () => {
  test("renders every kind of drift, escaped, in a stable layout", () => {
    const report = compareListings(
      [
        repo("team-a", "web"),
        repo("team-b", "old", { isPublic: true }),
        repo("team-b", "db", { size: 5000 }),
      ],
      [
        repo("team-a", "web", { isPublic: true, tags: ["v2"], description: "uses `x` | y" }),
        repo("team-b", "db", { size: 1200, category: "database" }),
        repo("team-c", "new", { isPublic: true }),
      ],
    );
    expect(renderDriftMarkdown(report)).toBe(
      [
        "# SWR drift: 1 added, 1 removed, 2 changed (0 unchanged)",
        "",
        "## Added",
        "",
        "| Repository | Visibility |",
        "| --- | --- |",
        "| `team-c/new` | public |",
        "",
        "## Removed",
        "",
        "| Repository | Visibility |",
        "| --- | --- |",
        "| `team-b/old` | public |",
        "",
        "## Changed",
        "",
        "### `team-a/web`",
        "",
        "- visibility: private → **public**",
        "- description: `web tier` → ``uses `x` | y``",
        "- tags: added `v2`; removed `v1`",
        "",
        "### `team-b/db`",
        "",
        "- category: `app_server` → `database`",
        "- size: 5,000 → 1,200 bytes (−3,800)",
        "",
      ].join("\n"),
    );
  });

  test("the JSON report is stable: the same listings give the same text", () => {
    const after = [repo("team-b", "db", { isPublic: true }), repo("team-a", "x")];
    const once = JSON.stringify(compareListings(baseline, after));
    expect(JSON.stringify(compareListings([...baseline].reverse(), [...after].reverse()))).toBe(once);
  });
});

describe("parseListing", () => {
  test("accepts what `list --format json` writes, ignoring fields drift does not compare", () => {
    const saved = JSON.parse(JSON.stringify(baseline.map((r) => ({ ...r, path: "p", numImages: 1 }))));
    expect(parseListing(saved, "baseline.json")).toHaveLength(4);
  });

  test.each([
    ["an object", { not: "an array" }, "baseline.json", /must be a JSON array/],
    [
      "a wrong type",
      [repo("a", "b"), { ...repo("a", "c"), isPublic: "yes" }],
      "baseline.json[1].isPublic",
      /true or false/,
    ],
    ["a missing field", [{ ...repo("a", "b"), tags: undefined }], "baseline.json[0].tags", /is required/],
    ["a repeated repository", [repo("a", "b"), repo("a", "b")], "baseline.json[1]", /repeats a\/b/],
  ])("rejects %s, naming the field", (_what, value, field, rule) => {
    let error: unknown;
    try {
      parseListing(value, "baseline.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SwrInputError);
    expect((error as SwrInputError).issues[0]).toEqual({ field, rule: expect.stringMatching(rule) });
  });

  test("a file full of problems is summarized after ten", () => {
    const bad = Array.from({ length: 30 }, () => ({ namespace: "a" }));
    expect(() => parseListing(bad, "b.json")).toThrow(/more problems not shown/);
  });
});
