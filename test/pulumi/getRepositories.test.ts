import * as pulumi from "@pulumi/pulumi";
import { GET_REPOSITORIES_TOKEN } from "../../sdk/protocol/tokens";
import {
  getRepositories,
  getRepositoriesOutput,
  GetRepositoriesResult,
} from "../../sdk/pulumi/getRepositories";
import { packRepositoriesResult } from "../../sdk/protocol/results";
import { sentArgs, valueOf } from "../support/mocks";

const canned: GetRepositoriesResult = {
  repositories: [
    {
      name: "web",
      namespace: "team-a",
      category: "app_server",
      description: "",
      size: 2 ** 33,
      isPublic: false,
      numImages: 2,
      numDownload: 5,
      createdAt: "2024-01-02T03:04:05.123456Z",
      updatedAt: "2024-02-03T04:05:06.654321Z",
      logo: "",
      url: "",
      path: "swr.ap-southeast-1.myhuaweicloud.com/team-a/web",
      internalPath: "swr.ap-southeast-1.myhuaweicloud.com/team-a/web",
      domainName: "acme",
      tags: ["1.0.0", "latest"],
      status: true,
    },
  ],
  total: 1,
  paths: ["swr.ap-southeast-1.myhuaweicloud.com/team-a/web"],
  imageRefs: [
    "swr.ap-southeast-1.myhuaweicloud.com/team-a/web:1.0.0",
    "swr.ap-southeast-1.myhuaweicloud.com/team-a/web:latest",
  ],
};

/** What the plugin received, per invoke (secrets arrive unwrapped, as over the wire). */
const received: Array<Record<string, unknown>> = [];

const invokeOutputSpy = jest.spyOn(pulumi.runtime, "invokeOutput");

function setConfig(values: Record<string, string>, secretKeys: string[] = []): void {
  pulumi.runtime.setAllConfig(values, secretKeys);
}

beforeAll(async () => {
  await pulumi.runtime.setMocks({
    call: (args) => {
      if (args.token !== GET_REPOSITORIES_TOKEN) throw new Error(`unexpected invoke ${args.token}`);
      const { packed, ...inputs } = args.inputs as Record<string, unknown>;
      expect(packed).toBe(true); // the SDK always asks for the packed form
      received.push(inputs);
      return packRepositoriesResult(canned);
    },
    newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
  });
});
beforeEach(() => {
  received.length = 0;
  invokeOutputSpy.mockClear();
  setConfig({});
});
afterAll(() => invokeOutputSpy.mockRestore());

describe("getRepositories (promise form)", () => {
  test("sends the query as given and resolves to the plugin's result", async () => {
    const result = await getRepositories({
      namespace: "team-a",
      filter: { name: "web", orderColumn: "name", orderType: "asc" },
      limit: 10,
      offset: 0,
      name: undefined,
    });
    expect(result).toEqual(canned);
    expect(received).toEqual([
      {
        namespace: "team-a",
        filter: { name: "web", orderColumn: "name", orderType: "asc" },
        limit: 10,
        offset: 0,
      },
    ]);
  });

  test("with neither arguments nor config, sends no settings: the plugin uses its environment", async () => {
    await getRepositories();
    expect(received).toEqual([{}]);
  });

  test("settings come from swr:* stack config", async () => {
    setConfig(
      { "swr:region": "eu-west-101", "swr:accessKey": "AK1", "swr:secretKey": "SK1", "swr:projectId": "p1" },
      ["swr:secretKey"],
    );
    await getRepositories({ category: "linux" });
    expect(received).toEqual([
      { category: "linux", region: "eu-west-101", accessKey: "AK1", secretKey: "SK1", projectId: "p1" },
    ]);
  });

  test("explicit arguments beat config, a group at a time", async () => {
    setConfig({
      "swr:endpoint": "https://swr.example.test",
      "swr:accessKey": "AK1",
      "swr:secretKey": "SK1",
      "swr:projectId": "p1",
    });
    await getRepositories({ region: "ap-southeast-1", authToken: "TOKEN2" });
    // The explicit region displaces the configured endpoint, the explicit token the configured keys.
    expect(received).toEqual([{ region: "ap-southeast-1", authToken: "TOKEN2", projectId: "p1" }]);
  });
});

describe("getRepositoriesOutput", () => {
  test("accepts outputs as arguments and resolves to the plugin's result", async () => {
    const result = getRepositoriesOutput({
      namespace: pulumi.output("team-a"),
      filter: { name: pulumi.output("web") },
    });
    expect(await valueOf(result)).toEqual(canned);
    expect(await valueOf(result.imageRefs)).toEqual(canned.imageRefs);
    expect(received).toEqual([{ namespace: "team-a", filter: { name: "web" } }]);
  });

  test("credentials are sent as secrets, other settings and the query are not", async () => {
    setConfig({ "swr:secretKey": "SK1", "swr:accessKey": "AK1", "swr:region": "ap-southeast-1" });
    await valueOf(getRepositoriesOutput({ namespace: "team-a" }));
    expect(await sentArgs(invokeOutputSpy)).toEqual({
      packed: { value: true, secret: false },
      namespace: { value: "team-a", secret: false },
      region: { value: "ap-southeast-1", secret: false },
      accessKey: { value: "AK1", secret: true },
      secretKey: { value: "SK1", secret: true },
    });

    setConfig({});
    await valueOf(getRepositoriesOutput({ authToken: "T", securityToken: "S", endpoint: "https://e.test" }));
    expect(await sentArgs(invokeOutputSpy)).toEqual({
      packed: { value: true, secret: false },
      authToken: { value: "T", secret: true },
      securityToken: { value: "S", secret: true },
      endpoint: { value: "https://e.test", secret: false },
    });
  });

  test("the result is secret when a credential went in, from arguments or from config", async () => {
    expect(await pulumi.isSecret(getRepositoriesOutput({ secretKey: "SK", accessKey: "AK" }))).toBe(true);

    setConfig({ "swr:authToken": "T" }, ["swr:authToken"]);
    const fromConfig = getRepositoriesOutput({ namespace: "team-a" });
    expect(await pulumi.isSecret(fromConfig)).toBe(true);
    expect(await pulumi.isSecret(fromConfig.paths)).toBe(true);
    expect(await valueOf(fromConfig)).toEqual(canned);
  });

  test("the result is not secret when no credential went in (the plugin uses its environment)", async () => {
    const result = getRepositoriesOutput({ region: "ap-southeast-1" });
    expect(await pulumi.isSecret(result)).toBe(false);
    expect(await valueOf(result)).toEqual(canned);
  });
});
