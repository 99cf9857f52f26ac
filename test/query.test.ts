import {
  organizationNameProblem,
  parseContentRange,
  queryPairs,
  serializeFilter,
  SwrInputError,
  validateQuery,
} from "../sdk/client";

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

  test("rejects a value of the wrong type naming the field", () => {
    expect(() => validateQuery({ limit: "10", offset: 0 })).toThrow(/limit: must be a number/);
    expect(() => validateQuery({ filter: "namespace::a" })).toThrow(/filter: must be an object/);
  });
});

describe("serialization", () => {
  test("filter keys are snake_case key::value pairs joined by |, in a fixed order", () => {
    expect(
      serializeFilter({ orderType: "asc", name: "web/api", namespace: "team", orderColumn: "updated_time" }),
    ).toBe("namespace::team|name::web/api|order_column::updated_time|order_type::asc");
  });

  test("query pairs carry every parameter as a string", () => {
    expect(
      queryPairs({
        namespace: "team",
        name: "web",
        category: "linux",
        limit: 100,
        offset: 200,
        orderColumn: "name",
        orderType: "desc",
        filter: { category: "lang" },
      }),
    ).toEqual([
      ["namespace", "team"],
      ["name", "web"],
      ["category", "linux"],
      ["limit", "100"],
      ["offset", "200"],
      ["order_column", "name"],
      ["order_type", "desc"],
      ["filter", "category::lang"],
    ]);
  });
});

describe("Content-Range", () => {
  test("reads offset, count (not an end index) and total", () => {
    expect(parseContentRange("2000-1000/5350")).toEqual({ offset: 2000, count: 1000, total: 5350 });
    expect(parseContentRange("0-0/0")).toEqual({ offset: 0, count: 0, total: 0 });
    expect(parseContentRange(undefined)).toBeUndefined();
  });

  test.each(["", "0-10", "a-b/c", "0-10/5", "-1-2/3", "0-1/99999999999999999999", "bytes 0-9/10"])(
    "reports %j as malformed",
    (value) => expect(typeof parseContentRange(value)).toBe("string"),
  );
});
