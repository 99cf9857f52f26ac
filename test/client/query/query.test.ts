import { organizationNameProblem } from "../../../sdk/client/query/organizationName";
import { parseContentRange } from "../../../sdk/client/http/contentRange";
import {
  repositoryListing,
  repositoryPlan,
  serializeFilter,
} from "../../../sdk/client/operations/repositories";
import { QueryPairs } from "../../../sdk/client/listing/page";
import { RepositoryQuery } from "../../../sdk/client";

/** The request of the one page a query names, as the client sends it. */
function onePageRequest(query: RepositoryQuery): QueryPairs {
  const page = repositoryPlan(query).onePage;
  if (!page) throw new Error("the query names no page");
  return page.pairs(page.limit, page.offset);
}
import { SwrInputError, validateQuery } from "../../../sdk/client";

describe("organization-name rule", () => {
  test.each(["a", "team-a", "team.a", "team_a", "team__a", "a1", "abc-def.ghi_jkl", "a".repeat(64)])(
    "accepts %s",
    (name) => expect(organizationNameProblem(name)).toBeUndefined(),
  );

  test.each([
    ["", "1 to 64"],
    ["a".repeat(65), "1 to 64"],
    ["Team", "lowercase"],
    ["team a", "lowercase"],
    ["1team", "start with a lowercase letter"],
    ["_team", "start with a lowercase letter"],
    ["team-", "end with a lowercase letter or a digit"],
    ["team.", "end with a lowercase letter or a digit"],
    ["te..am", "adjacent"],
    ["te.-am", "adjacent"],
    ["te_-am", "adjacent"],
    ["te-_am", "adjacent"],
    ["te__-am", "adjacent"],
    ["te___am", "more than two consecutive underscores"],
  ])("rejects %j: %s", (name, rule) => expect(organizationNameProblem(name)).toContain(rule));
});

describe("query validation", () => {
  test("reports every broken field at once, each with its rule", () => {
    const error = (() => {
      try {
        validateQuery({ namespace: "Bad", category: "x", limit: 5 }, "query");
      } catch (e) {
        return e as SwrInputError;
      }
    })();
    expect(error).toBeInstanceOf(SwrInputError);
    expect(error?.issues.map((i) => i.field).sort()).toEqual([
      "query.category",
      "query.namespace",
      "query.offset",
    ]);
    expect(error?.message).toMatch(/query\.namespace: may contain only lowercase letters/);
  });

  test("takes every category the official SDKs list, windows among them", () => {
    for (const category of [
      "app_server",
      "linux",
      "framework_app",
      "database",
      "lang",
      "other",
      "windows",
      "arm",
    ])
      expect(validateQuery({ category, filter: { category } })).toEqual({ category, filter: { category } });
    expect(() => validateQuery({ category: "macos" })).toThrow(/category: must be one of .*windows/);
  });

  test("rejects a value of the wrong type naming the field", () => {
    expect(() => validateQuery({ limit: "10", offset: 0 })).toThrow(/limit: must be a number/);
    expect(() => validateQuery({ filter: "namespace::a" })).toThrow(/filter: must be an object/);
  });
});

describe("the requests SWR documents", () => {
  const filterOf = (pairs: QueryPairs) =>
    Object.fromEntries(
      (pairs.find(([k]) => k === "filter")?.[1] ?? "")
        .split("|")
        .map((p) => p.split("::") as [string, string]),
    );

  test("a complete listing pages in name order through the filter, carrying every constraint in it", () => {
    const [byName, byUpdate] = repositoryListing({
      namespace: "team",
      category: "linux",
      filter: { name: "web" },
      orderColumn: "tag_count",
      orderType: "desc",
    }).routes;
    const pairs = byName.pagePairs(1000, 2000);
    expect(pairs.filter(([k]) => k !== "filter")).toEqual([
      ["limit", "1000"],
      ["offset", "2000"],
    ]);
    expect(filterOf(pairs)).toEqual({
      namespace: "team",
      name: "web",
      category: "linux",
      order_column: "name",
      order_type: "asc",
      limit: "1000",
      offset: "2000",
    });
    expect(filterOf(byUpdate.pagePairs(10, 0))).toMatchObject({
      order_column: "updated_time",
      order_type: "asc",
    });
    // A tie group is asked for by its name, under the same constraints.
    expect(filterOf(byName.selectPairs?.("web-api", 1000, 0) ?? [])).toMatchObject({
      namespace: "team",
      name: "web-api",
      category: "linux",
    });
  });

  test("one page without a filter or an order but updated_at uses plain parameters only", () => {
    expect(
      onePageRequest({ namespace: "team", name: "web", category: "linux", limit: 100, offset: 200 }),
    ).toEqual([
      ["namespace", "team"],
      ["name", "web"],
      ["category", "linux"],
      ["limit", "100"],
      ["offset", "200"],
    ]);
    expect(onePageRequest({ orderColumn: "updated_time", orderType: "desc", limit: 10, offset: 0 })).toEqual([
      ["limit", "10"],
      ["offset", "0"],
      ["order_column", "updated_at"],
      ["order_type", "desc"],
    ]);
  });

  test("one page in an order SWR documents only inside filter goes through the filter", () => {
    const pairs = onePageRequest({
      namespace: "team",
      orderColumn: "name",
      orderType: "desc",
      limit: 10,
      offset: 20,
    });
    expect(pairs.map(([k]) => k)).toEqual(["filter", "limit", "offset"]);
    expect(filterOf(pairs)).toEqual({
      namespace: "team",
      order_column: "name",
      order_type: "desc",
      limit: "10",
      offset: "20",
    });
  });

  test("filter values are key::value pairs joined by |", () => {
    expect(
      serializeFilter([
        ["namespace", "team"],
        ["name", "web/api"],
      ]),
    ).toBe("namespace::team|name::web/api");
  });
});

describe("Content-Range", () => {
  test("reads the total whatever the middle number means: a count (the seed) or an end index (HTTP)", () => {
    expect(parseContentRange("2000-1000/5350")).toEqual({ first: 2000, second: 1000, total: 5350 });
    expect(parseContentRange("0-999/2345")).toEqual({ first: 0, second: 999, total: 2345 });
    expect(parseContentRange("0-0/0")).toEqual({ first: 0, second: 0, total: 0 });
    expect(parseContentRange("items 0-9/10")).toEqual({ first: 0, second: 9, total: 10 });
    expect(parseContentRange("*/0")).toEqual({ total: 0 });
    expect(parseContentRange("0-9/*")).toEqual({ first: 0, second: 9, total: undefined });
    expect(parseContentRange(undefined)).toBeUndefined();
  });

  test.each(["", "0-10", "a-b/c", "-1-2/3", "0-1/99999999999999999999", "0-9/10 trailing", "1 0-9/10"])(
    "reports %j as malformed",
    (value) => expect(typeof parseContentRange(value)).toBe("string"),
  );
});
