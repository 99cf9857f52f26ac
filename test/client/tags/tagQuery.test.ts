/**
 * A tag listing's arguments (namespace, repository, tag, paging, order) are checked before any request,
 * every broken one named at once, whatever reading of the documentation the server plays.
 */
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { SwrInputError } from "../../../sdk/client";
import { EVERY_DIALECT } from "../../support/documented";
import { emulatorClients } from "../../support/fixtures";

describe.each(EVERY_DIALECT)("SwrClient.listRepositoryTags's arguments, %s dialect", (_name, dialect) => {
  let emulator: RunningEmulator;
  const client = emulatorClients(() => emulator);

  beforeAll(async () => {
    emulator = await startEmulator({ repos: 300, seed: 11, dialect });
  });
  afterEach(() => emulator.resetStats());
  afterAll(() => emulator.close());

  test.each([
    ["Team", "api", {}, "namespace", "lowercase"],
    ["team-", "api", {}, "namespace", "end with a lowercase letter or a digit"],
    ["team", "-api", {}, "repository", "start and end"],
    ["team", "API", {}, "repository", "lowercase"],
    ["team", "a".repeat(129), {}, "repository", "1 to 128"],
    ["team", "api", { tag: ".hidden" }, "tag", "may not start with a period"],
    ["team", "api", { tag: "a".repeat(129) }, "tag", "1 to 128"],
    ["team", "api", { limit: 0, offset: 0 }, "limit", "at least 1"],
    ["team", "api", { limit: 1001, offset: 0 }, "limit", "at most 1000"],
    ["team", "api", { limit: 10, offset: 15 }, "offset", "multiple of limit"],
    ["team", "api", { limit: 10 }, "offset", "go together"],
    ["team", "api", { orderColumn: "tag" }, "orderType", "go together"],
    ["team", "api", { orderColumn: "name", orderType: "asc" }, "orderColumn", "updated_at, tag"],
    ["team", "api", { colour: "red" }, "query", "unknown key"],
  ])(
    "rejects %j / %j / %j naming %s, before any request",
    async (namespace, repository, query, field, rule) => {
      const error = await client()
        .listRepositoryTags(namespace, repository, query as never)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SwrInputError);
      const issues = (error as SwrInputError).issues;
      expect(issues.some((i) => i.field === field && i.rule.includes(rule))).toBe(true);
      expect(emulator.stats.requests).toBe(0);
    },
  );

  test("reports every broken field at once", async () => {
    const error = (await client()
      .listRepositoryTags("Team", "", { limit: 0, offset: 3 })
      .catch((e: unknown) => e)) as SwrInputError;
    expect(error).toBeInstanceOf(SwrInputError);
    expect(error.issues.map((i) => i.field).sort()).toEqual(["limit", "namespace", "repository"]);
    expect(emulator.stats.requests).toBe(0);
  });
});
