import * as pulumi from "@pulumi/pulumi";
import { GET_IMAGE_TOKEN } from "../../sdk/protocol/tokens";
import { getImage, getImageOutput } from "../../sdk/pulumi/getImage";
import { GET_REPOSITORIES_TOKEN } from "../../sdk/protocol/tokens";
import { getRepositories, getRepositoriesOutput } from "../../sdk/pulumi/getRepositories";
import { GET_REPOSITORY_TAGS_TOKEN } from "../../sdk/protocol/tokens";
import { getRepositoryTags, getRepositoryTagsOutput } from "../../sdk/pulumi/getRepositoryTags";
import { Provider } from "../../sdk/pulumi/provider";
import { packRepositoriesResult, packRepositoryTagsResult } from "../../sdk/protocol/results";
import { valueOf } from "../support/mocks";

/** Each invoke the plugin got: its token, its arguments (`packed` left out) and its provider reference. */
const invokes: Array<{ token: string; inputs: Record<string, unknown>; provider?: string }> = [];
/** Each resource registered: its type, name and inputs. */
const registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }> = [];

const image = {
  namespace: "team-a",
  repository: "web",
  tag: "1.0",
  digest: "sha256:00",
  imageRef: "r@sha256:00",
};

beforeAll(async () => {
  await pulumi.runtime.setMocks({
    call: (args) => {
      const { packed: _packed, ...inputs } = args.inputs as Record<string, unknown>;
      invokes.push({ token: args.token, inputs, provider: args.provider });
      if (args.token === GET_REPOSITORIES_TOKEN)
        return packRepositoriesResult({ repositories: [], total: 0, paths: [], imageRefs: [] });
      if (args.token === GET_REPOSITORY_TAGS_TOKEN)
        return packRepositoryTagsResult({ tags: [], total: 0, imageRefs: [] });
      return image;
    },
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
      return { id: `${args.name}-id`, state: args.inputs };
    },
  });
});
beforeEach(() => {
  invokes.length = 0;
  pulumi.runtime.setAllConfig(
    { "swr:region": "ap-southeast-1", "swr:accessKey": "STACK-AK", "swr:secretKey": "STACK-SK" },
    ["swr:secretKey"],
  );
});

/** A secret value as the engine (and the mocks) see it. */
const secret = (value: string) => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value,
});
const urnOf = (resource: pulumi.Resource) => valueOf(resource.urn);

describe("Provider: an explicit swr provider", () => {
  test("registers pulumi:providers:swr with its settings as inputs", async () => {
    const eu = new Provider("eu", {
      region: "eu-west-101",
      accessKey: "EU-AK",
      secretKey: pulumi.secret("EU-SK"),
    });
    expect(await urnOf(eu)).toMatch(/::pulumi:providers:swr::eu$/);
    expect(registered.find((r) => r.name === "eu")).toEqual({
      type: "pulumi:providers:swr",
      name: "eu",
      // Credentials go as secrets, given as secrets or not: the state keeps them encrypted.
      inputs: { region: "eu-west-101", accessKey: secret("EU-AK"), secretKey: secret("EU-SK") },
    });
  });

  test("every function sends its invoke to the provider given, without the stack's swr:* config", async () => {
    const eu = new Provider("eu-2", { region: "eu-west-101" });
    const opts = { provider: eu };
    await getRepositories({ namespace: "team-a" }, opts);
    await valueOf(getRepositoriesOutput({ namespace: "team-a" }, opts));
    await getRepositoryTags({ namespace: "team-a", repository: "web" }, opts);
    await valueOf(getRepositoryTagsOutput({ namespace: "team-a", repository: "web" }, opts));
    await getImage({ namespace: "team-a", repository: "web", tag: "1.0" }, opts);
    await valueOf(getImageOutput({ namespace: "team-a", repository: "web", tag: "1.0" }, opts));

    const urn = await urnOf(eu);
    expect(invokes.map((i) => i.token)).toEqual([
      GET_REPOSITORIES_TOKEN,
      GET_REPOSITORIES_TOKEN,
      GET_REPOSITORY_TAGS_TOKEN,
      GET_REPOSITORY_TAGS_TOKEN,
      GET_IMAGE_TOKEN,
      GET_IMAGE_TOKEN,
    ]);
    for (const invoke of invokes) {
      expect(invoke.provider).toBe(`${urn}::eu-2-id`);
      // The stack's config belongs to the default provider: none of it goes to this one.
      expect(Object.keys(invoke.inputs)).not.toEqual(expect.arrayContaining(["region"]));
      expect(JSON.stringify(invoke.inputs)).not.toMatch(/STACK-/);
    }
  });

  test("a function's own settings still go with it; a parent's providers count as explicit", async () => {
    const eu = new Provider("eu-3", {});
    const parent = new pulumi.ComponentResource("test:index:Group", "group", {}, { providers: [eu] });
    await getRepositories({ authToken: "ARG-TOKEN" }, { parent });
    expect(invokes).toEqual([
      {
        token: GET_REPOSITORIES_TOKEN,
        inputs: { authToken: "ARG-TOKEN" },
        provider: `${await urnOf(eu)}::eu-3-id`,
      },
    ]);
  });

  test("without a provider, the default one gets the stack's swr:* config with each invoke, as before", async () => {
    await getRepositories({ namespace: "team-a" });
    expect(invokes).toEqual([
      {
        token: GET_REPOSITORIES_TOKEN,
        inputs: {
          namespace: "team-a",
          region: "ap-southeast-1",
          accessKey: "STACK-AK",
          secretKey: "STACK-SK",
        },
        provider: "",
      },
    ]);
  });
});
