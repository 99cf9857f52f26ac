import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import {
  findPublicRepositories,
  INVENTORY_KIND,
  noPublicRepositories,
  PublicRepositoryConfig,
  StackResource,
} from "../../examples/public-repo-policy/policy/rules";
import { INVENTORY_KIND as SDK_INVENTORY_KIND } from "../../sdk/pulumi/repositoryInventory";

const TYPE = "pulumi-nodejs:dynamic/swr:RepositoryInventory";

function inventory(name: string, publicRepositories: string[] | undefined, type = TYPE): StackResource {
  return {
    type,
    name,
    urn: `urn:pulumi:prod::app::${type}::${name}`,
    props: { kind: INVENTORY_KIND, total: 10, repositories: [], publicRepositories },
  };
}

describe("findPublicRepositories", () => {
  test("the pack recognises the marker the SDK sets", () => {
    expect(INVENTORY_KIND).toBe(SDK_INVENTORY_KIND);
  });

  test("inventories without public repositories pass", () => {
    expect(findPublicRepositories([inventory("a", []), inventory("b", [])])).toEqual([]);
  });

  test("an inventory with public repositories fails, naming them", () => {
    const [violation, ...rest] = findPublicRepositories([
      inventory("ok", []),
      inventory("team-a", ["team-a/web", "team-a/api"]),
    ]);
    expect(rest).toEqual([]);
    expect(violation.urn).toBe(`urn:pulumi:prod::app::${TYPE}::team-a`);
    expect(violation.repositories).toEqual(["team-a/api", "team-a/web"]);
    expect(violation.message).toBe(
      'RepositoryInventory "team-a" holds 2 public SWR repositories not on the allow-list: team-a/api, team-a/web. ' +
        "Make them private in SWR, or add them to allowedPublicRepositories in the policy config.",
    );
  });

  test("the allow-list exempts exact repositories and whole organizations", () => {
    const resources = [inventory("a", ["team-a/web", "team-a/api", "library/nginx", "library/redis", "x/y"])];
    const config: PublicRepositoryConfig = { allowedPublicRepositories: ["team-a/web", "library/*"] };
    expect(findPublicRepositories(resources, config).map((v) => v.repositories)).toEqual([
      ["team-a/api", "x/y"],
    ]);
    const all = { allowedPublicRepositories: ["team-a/web", "team-a/api", "library/*", "x/y"] };
    expect(findPublicRepositories(resources, all)).toEqual([]);
  });

  test("the default dynamic type is recognised by the marker too; other resources are ignored", () => {
    const plain = inventory("plain", ["a/b"], "pulumi-nodejs:dynamic:Resource");
    const other = {
      ...inventory("other", ["a/b"]),
      props: { kind: "something-else", publicRepositories: ["a/b"] },
    };
    const foreign = inventory("foreign", ["a/b"], "aws:s3/bucket:Bucket");
    expect(findPublicRepositories([plain, other, foreign]).map((v) => v.urn)).toEqual([plain.urn]);
  });

  test("an inventory whose outputs are not known yet (preview of a new one) is skipped", () => {
    expect(findPublicRepositories([inventory("new", undefined)])).toEqual([]);
  });

  test("long lists are cut, with a count of the rest", () => {
    const many = Array.from({ length: 25 }, (_, i) => `ns/r${String(i).padStart(2, "0")}`);
    const [violation] = findPublicRepositories([inventory("big", many)]);
    expect(violation.repositories).toHaveLength(25);
    expect(violation.message).toContain("ns/r19 and 5 more.");
  });
});

describe("the stack policy", () => {
  function validate(resources: StackResource[], config: PublicRepositoryConfig) {
    const reported: Array<{ message: string; urn?: string }> = [];
    const args = {
      resources: resources as unknown as PolicyResource[],
      getConfig: <T extends object>() => config as T,
    } as StackValidationArgs;
    void noPublicRepositories.validateStack(args, (message, urn) => reported.push({ message, urn }));
    return reported;
  }

  test("is mandatory and declares its allow-list config", () => {
    expect(noPublicRepositories.enforcementLevel).toBe("mandatory");
    expect(noPublicRepositories.configSchema?.properties.allowedPublicRepositories).toMatchObject({
      type: "array",
      items: { type: "string" },
    });
  });

  test("reports one violation per offending inventory, on its URN, honouring the config", () => {
    const resources = [inventory("a", ["team-a/web"]), inventory("b", ["team-b/db"]), inventory("c", [])];
    expect(validate(resources, {})).toEqual([
      { urn: resources[0].urn, message: expect.stringContaining("team-a/web") },
      { urn: resources[1].urn, message: expect.stringContaining("team-b/db") },
    ]);
    expect(validate(resources, { allowedPublicRepositories: ["team-b/db"] })).toEqual([
      { urn: resources[0].urn, message: expect.stringContaining("team-a/web") },
    ]);
  });
});
