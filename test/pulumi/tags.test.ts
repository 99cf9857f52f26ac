import * as pulumi from "@pulumi/pulumi";
import { ImageTag } from "../../sdk/client";
import { GET_IMAGE_TOKEN } from "../../sdk/protocol/tokens";
import { getImage, getImageOutput } from "../../sdk/pulumi/getImage";
import { GET_REPOSITORY_TAGS_TOKEN } from "../../sdk/protocol/tokens";
import {
  getRepositoryTags,
  getRepositoryTagsOutput,
  GetRepositoryTagsResult,
} from "../../sdk/pulumi/getRepositoryTags";
import { packRepositoryTagsResult } from "../../sdk/protocol/results";
import { sentArgs, valueOf } from "../support/mocks";

const digest = `sha256:${"ab".repeat(32)}`;
const image: ImageTag = {
  namespace: "team-a",
  repository: "platform/api",
  tag: "v1.4.2",
  digest,
  imageRef: `swr.ap-southeast-1.myhuaweicloud.com/team-a/platform/api@${digest}`,
  imageId: `sha256:${"cd".repeat(32)}`,
  size: 2 ** 33,
  path: "swr.ap-southeast-1.myhuaweicloud.com/team-a/platform/api:v1.4.2",
  internalPath: "100.125.0.198:20202/team-a/platform/api:v1.4.2",
  created: "2024-01-02T03:04:05.123456Z",
  updated: "2024-02-03T04:05:06.654321Z",
  manifestType: "manifest-list",
};
const canned: GetRepositoryTagsResult = { tags: [image], total: 1, imageRefs: [image.imageRef] };

/** What the plugin received, per invoke: the token and the arguments (secrets unwrapped). */
const received: Array<{ token: string; inputs: Record<string, unknown> }> = [];

const invokeOutputSpy = jest.spyOn(pulumi.runtime, "invokeOutput");

beforeAll(async () => {
  await pulumi.runtime.setMocks({
    call: (args) => {
      const inputs = args.inputs as Record<string, unknown>;
      received.push({ token: args.token, inputs });
      if (args.token === GET_REPOSITORY_TAGS_TOKEN) return packRepositoryTagsResult(canned);
      if (args.token === GET_IMAGE_TOKEN) return image;
      throw new Error(`unexpected invoke ${args.token}`);
    },
    newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
  });
});
beforeEach(() => {
  received.length = 0;
  invokeOutputSpy.mockClear();
  pulumi.runtime.setAllConfig({}, []);
});
afterAll(() => invokeOutputSpy.mockRestore());

describe("getRepositoryTags", () => {
  test("sends the query as given, asks for the packed form, and unpacks the result", async () => {
    const result = await getRepositoryTags({
      namespace: "team-a",
      repository: "platform/api",
      orderColumn: "updated_at",
      orderType: "desc",
      limit: 10,
      offset: 0,
      tag: undefined,
    });
    expect(result).toEqual(canned);
    expect(received).toEqual([
      {
        token: GET_REPOSITORY_TAGS_TOKEN,
        inputs: {
          namespace: "team-a",
          repository: "platform/api",
          orderColumn: "updated_at",
          orderType: "desc",
          limit: 10,
          offset: 0,
          packed: true,
        },
      },
    ]);
  });

  test("settings come from swr:* config; credentials travel as secrets and make the result secret", async () => {
    pulumi.runtime.setAllConfig(
      { "swr:region": "eu-west-101", "swr:accessKey": "AK1", "swr:secretKey": "SK1" },
      ["swr:secretKey"],
    );
    const result = getRepositoryTagsOutput({ namespace: pulumi.output("team-a"), repository: "web" });
    expect(await valueOf(result)).toEqual(canned);
    expect(await pulumi.isSecret(result.imageRefs)).toBe(true);
    expect(await sentArgs(invokeOutputSpy)).toEqual({
      namespace: { value: "team-a", secret: false },
      repository: { value: "web", secret: false },
      region: { value: "eu-west-101", secret: false },
      accessKey: { value: "AK1", secret: true },
      secretKey: { value: "SK1", secret: true },
      packed: { value: true, secret: false },
    });
  });

  test("explicit settings beat config, a group at a time; without credentials the result is not secret", async () => {
    pulumi.runtime.setAllConfig({ "swr:endpoint": "https://swr.example.test", "swr:projectId": "p1" }, []);
    const result = getRepositoryTagsOutput({
      namespace: "team-a",
      repository: "web",
      region: "ap-southeast-1",
    });
    expect(await pulumi.isSecret(result)).toBe(false);
    expect(received.map((r) => r.inputs)).toEqual([
      { namespace: "team-a", repository: "web", region: "ap-southeast-1", projectId: "p1", packed: true },
    ]);
  });
});

describe("getImage", () => {
  test("sends the repository and the selector, not packed, and resolves to the chosen image", async () => {
    expect(await getImage({ namespace: "team-a", repository: "platform/api", tag: "v1.4.2" })).toEqual(image);
    expect(received).toEqual([
      { token: GET_IMAGE_TOKEN, inputs: { namespace: "team-a", repository: "platform/api", tag: "v1.4.2" } },
    ]);
  });

  test("the output form takes outputs and keeps credentials secret", async () => {
    const result = getImageOutput({
      namespace: "team-a",
      repository: pulumi.output("platform/api"),
      latest: true,
      authToken: "T",
    });
    expect(await valueOf(result.imageRef)).toBe(image.imageRef);
    expect(await pulumi.isSecret(result)).toBe(true);
    expect(await sentArgs(invokeOutputSpy)).toEqual({
      namespace: { value: "team-a", secret: false },
      repository: { value: "platform/api", secret: false },
      latest: { value: true, secret: false },
      authToken: { value: "T", secret: true },
    });
  });
});
