import {
  RunningEmulator,
  seedRepositories,
  startEmulator,
  TAGS_NOT_FOUND_CODE,
  WireRepository,
} from "../../emulator";
import { ImageTag } from "../../sdk/client";
import { unpackRepositoryTagsResult } from "../../sdk/protocol/results";
import { SECRET_SETTING_NAMES, SETTING_NAMES } from "../../sdk/client/settings";
import { pluginEnv, RunningPlugin, startPlugin } from "../support/grpcPlugin";
import { asListedTag, PLUGIN_ENTRY } from "../support/fixtures";

const TAGS = "swr:index:getRepositoryTags";
const IMAGE = "swr:index:getImage";
const ENTRY = PLUGIN_ENTRY;

/** Two images pushed at the same instant: `latest` cannot pick one. */
const TIED: WireRepository = {
  ...seedRepositories(1, 5)[0],
  namespace: "tied-org",
  name: "twins",
  tags: ["left", "right"],
  created_at: "2024-06-01T00:00:00.000000Z",
  updated_at: "2024-06-01T00:00:00.000000Z",
  path: "swr.ap-southeast-1.myhuaweicloud.com/tied-org/twins",
  internal_path: "100.125.0.198:20202/tied-org/twins",
};

/** The error details of an invoke that must fail. */
function invokeError(plugin: RunningPlugin, token: string, args: Record<string, unknown>): Promise<string> {
  return plugin.invoke(token, args).then(
    (answer) => {
      throw new Error(`expected an error, got ${JSON.stringify(answer)}`);
    },
    (error: { details: string }) => error.details,
  );
}

describe("the swr plugin's tag functions over gRPC", () => {
  let emulator: RunningEmulator;
  let plugin: RunningPlugin;
  /** A seeded repository whose name holds a `/`, and its tags as the emulator serves them. */
  let repo: WireRepository;
  let expected: ImageTag[];

  beforeAll(async () => {
    emulator = await startEmulator({ repos: 1, seed: 11 });
    const seeded = seedRepositories(150, 11);
    emulator.setRepositories([...seeded, TIED]);
    repo = seeded.find(
      (r) => r.name.includes("/") && r.tags.length > 5 && r.tags.includes("latest"),
    ) as WireRepository;
    const target = { namespace: repo.namespace, repository: repo.name };
    expected = (emulator.repositoryTags(repo.namespace, repo.name) ?? []).map((w) =>
      asListedTag(w, target.namespace, target.repository),
    );
    // Settings from the environment, as a stack without swr:* config has them.
    plugin = await startPlugin(
      process.execPath,
      [ENTRY],
      pluginEnv({
        HW_SWR_ENDPOINT: emulator.url,
        HW_ACCESS_KEY: emulator.accessKey,
        HW_SECRET_KEY: emulator.secretKey,
      }),
    );
  });
  afterAll(async () => {
    await plugin?.stop();
    await emulator?.close();
  });

  const target = () => ({ namespace: repo.namespace, repository: repo.name });

  test("GetSchema has both functions, every input and output typed and documented, and the ImageTag type", async () => {
    type Property = { type?: string; $ref?: string; items?: unknown; description: string; secret?: boolean };
    type Fn = {
      description: string;
      inputs: { properties: Record<string, Property>; required: string[] };
      outputs: { properties: Record<string, Property>; required: string[] };
    };
    const schema = (await plugin.getSchema()) as {
      functions: Record<string, Fn>;
      types: Record<
        string,
        { type: string; properties?: Record<string, Property>; required?: string[]; enum?: unknown[] }
      >;
    };
    const tags = schema.functions[TAGS];
    const image = schema.functions[IMAGE];
    expect(Object.keys(tags.inputs.properties).sort()).toEqual(
      [
        "namespace",
        "repository",
        "tag",
        "orderColumn",
        "orderType",
        "limit",
        "offset",
        "packed",
        ...SETTING_NAMES,
      ].sort(),
    );
    expect(Object.keys(image.inputs.properties).sort()).toEqual(
      ["namespace", "repository", "tag", "digest", "latest", ...SETTING_NAMES].sort(),
    );
    for (const fn of [tags, image]) {
      expect(fn.inputs.required).toEqual(["namespace", "repository"]);
      for (const name of SECRET_SETTING_NAMES) expect(fn.inputs.properties[name].secret).toBe(true);
    }
    expect(Object.keys(tags.outputs.properties).sort()).toEqual(["imageRefs", "packed", "tags", "total"]);
    expect(tags.outputs.properties.tags.items).toEqual({ $ref: "#/types/swr:index:ImageTag" });
    expect(tags.inputs.properties.orderColumn.$ref).toBe("#/types/swr:index:TagOrderColumn");

    const imageTag = schema.types["swr:index:ImageTag"];
    expect(imageTag.type).toBe("object");
    expect(Object.keys(imageTag.properties ?? {}).sort()).toEqual(Object.keys(expected[0]).sort());
    expect(imageTag.required?.sort()).toEqual(Object.keys(expected[0]).sort());
    expect(image.outputs.properties).toEqual(imageTag.properties);
    expect(schema.types["swr:index:TagOrderColumn"].enum).toHaveLength(2);

    for (const fn of [tags, image]) {
      expect(fn.description).toMatch(/\w/);
      for (const property of [
        ...Object.values(fn.inputs.properties),
        ...Object.values(fn.outputs.properties),
      ]) {
        expect(property.description).toMatch(/\w/);
        expect(property.type ?? property.$ref).toBeDefined();
      }
    }
    for (const property of Object.values(imageTag.properties ?? {}))
      expect(property.description).toMatch(/\w/);
  });

  test("getRepositoryTags returns the emulator's tags exactly, with path@digest refs, for a name with `/`", async () => {
    const { outputs, failures } = await plugin.invoke(TAGS, target());
    expect(failures).toEqual([]);
    expect(outputs.tags).toEqual(expected);
    expect(outputs.total).toBe(expected.length);
    expect(outputs.imageRefs).toEqual(expected.map((t) => t.imageRef));
    for (const ref of outputs.imageRefs as string[])
      expect(ref).toMatch(new RegExp(`/${repo.namespace}/${repo.name}@sha256:[0-9a-f]{64}$`));
  });

  test("packed: true returns the same result as one JSON string", async () => {
    const plain = await plugin.invoke(TAGS, target());
    const { outputs, failures } = await plugin.invoke(TAGS, { ...target(), packed: true });
    expect(failures).toEqual([]);
    expect(Object.keys(outputs).sort()).toEqual(["packed", "total"]);
    expect(unpackRepositoryTagsResult(outputs)).toEqual(plain.outputs);
  });

  test("the query reaches the API: order, one page, one exact tag", async () => {
    const byUpdate = await plugin.invoke(TAGS, { ...target(), orderColumn: "updated_at", orderType: "desc" });
    const newestFirst = [...expected].sort((a, b) =>
      a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : a.tag < b.tag ? -1 : 1,
    );
    expect((byUpdate.outputs.tags as ImageTag[]).map((t) => t.tag)).toEqual(newestFirst.map((t) => t.tag));

    // One page of the server's order (newest first), shown in tag order.
    const page = await plugin.invoke(TAGS, { ...target(), limit: 2, offset: 2 });
    const pageTags = page.outputs.tags as ImageTag[];
    expect(pageTags).toHaveLength(2);
    for (const tag of pageTags) expect(expected).toContainEqual(tag);
    expect(pageTags[0].tag < pageTags[1].tag).toBe(true);
    expect(page.outputs.total).toBe(expected.length);

    const one = await plugin.invoke(TAGS, { ...target(), tag: expected[1].tag });
    expect(one.outputs.tags).toEqual([expected[1]]);
  });

  test("getImage by tag, by digest (in full or a 12-digit prefix) and latest", async () => {
    const chosen = expected.find(
      (t) => t.tag !== "latest" && expected.filter((o) => o.digest === t.digest).length === 1,
    );
    if (!chosen) throw new Error("no tag with an image of its own");
    expect((await plugin.invoke(IMAGE, { ...target(), tag: chosen.tag })).outputs).toEqual(chosen);
    expect((await plugin.invoke(IMAGE, { ...target(), digest: chosen.digest })).outputs).toEqual(chosen);
    const prefix = chosen.digest.slice("sha256:".length, "sha256:".length + 12);
    expect((await plugin.invoke(IMAGE, { ...target(), digest: prefix })).outputs).toEqual(chosen);

    // The newest image carries two tags (one is "latest"): the first of them by name.
    const newestAt = expected
      .map((t) => t.updated)
      .sort()
      .at(-1);
    const newest = expected.filter((t) => t.updated === newestAt).sort((a, b) => (a.tag < b.tag ? -1 : 1));
    expect(newest.map((t) => t.tag)).toContain("latest");
    const latest = await plugin.invoke(IMAGE, { ...target(), latest: true });
    expect(latest.failures).toEqual([]);
    expect(latest.outputs).toEqual(newest[0]);
    expect(latest.outputs.imageRef).toBe(`${repo.path}@${newest[0].digest}`);
  });

  test("no matching image, or several, is an error naming the candidates", async () => {
    const none = await invokeError(plugin, IMAGE, { ...target(), tag: "no-such-tag" });
    expect(none).toContain(`${IMAGE} found no single image`);
    expect(none).toContain(`no tag of ${repo.namespace}/${repo.name} has tag "no-such-tag"`);
    for (const tag of expected.slice(0, 5)) expect(none).toContain(tag.tag);

    const several = await invokeError(plugin, IMAGE, {
      namespace: "tied-org",
      repository: "twins",
      latest: true,
    });
    expect(several).toMatch(
      /several images of tied-org\/twins were updated last.*left \(sha256:.*right \(sha256:/,
    );
  });

  test("invalid arguments come back as failures naming each property, before any request", async () => {
    emulator.resetStats();
    const tags = await plugin.invoke(TAGS, {
      namespace: "Bad_NS",
      limit: 5,
      orderColumn: "name",
      orderType: "up",
      colour: "blue",
      packed: true,
    });
    expect(tags.outputs).toEqual({});
    expect(tags.failures.map((f) => f.property).sort()).toEqual([
      "colour",
      "namespace",
      "offset",
      "orderColumn",
      "orderType",
      "repository",
    ]);
    expect(tags.failures).toEqual(
      expect.arrayContaining([
        { property: "repository", reason: "is required" },
        { property: "colour", reason: `is not an argument of ${TAGS}` },
        { property: "orderColumn", reason: "must be one of updated_at, tag" },
      ]),
    );
    expect((await plugin.invoke(TAGS, { ...target(), packed: "yes" })).failures).toEqual([
      { property: "packed", reason: "must be a boolean" },
    ]);

    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{}, "tag", /give exactly one of tag, digest or latest: true/],
      [{ latest: false }, "tag", /give exactly one/],
      [{ tag: "v1", digest: "sha256:" + "a".repeat(64) }, "digest", /cannot be given with tag/],
      [{ tag: "v1", latest: true }, "latest", /cannot be given with tag/],
      [{ digest: "abc" }, "digest", /at least its first 12 hex digits/],
      [{ tag: ".hidden" }, "tag", /may not start with a period/],
      [{ latest: "yes" }, "latest", /must be true or false/],
      [{ tag: "v1", packed: true }, "packed", /is not an argument of swr:index:getImage/],
    ];
    for (const [selector, property, reason] of cases) {
      const { outputs, failures } = await plugin.invoke(IMAGE, { ...target(), ...selector });
      expect(outputs).toEqual({});
      expect(failures).toContainEqual({ property, reason: expect.stringMatching(reason) });
    }
    const both = await plugin.invoke(IMAGE, { namespace: "Team", repository: "-api", digest: "xyz" });
    expect(both.failures.map((f) => f.property).sort()).toEqual(["digest", "namespace", "repository"]);
    expect(emulator.stats.requests).toBe(0);
  });

  test("a missing repository is an error with the server's code and request id", async () => {
    for (const [token, args] of [
      [TAGS, { namespace: repo.namespace, repository: "no/such-repo" }],
      [IMAGE, { namespace: repo.namespace, repository: "no/such-repo", latest: true }],
    ] as const) {
      const details = await invokeError(plugin, token, args);
      expect(details).toContain(`${token} failed: SWR answered HTTP 404 ${TAGS_NOT_FOUND_CODE}`);
      expect(details).toMatch(/request id [0-9a-f]{32}\) \[SWR_ERR_API\]/);
    }
  });

  test("explicit settings beat the environment's", async () => {
    const details = await invokeError(plugin, TAGS, {
      ...target(),
      accessKey: emulator.accessKey,
      secretKey: "wrong",
    });
    expect(details).toMatch(/APIG\.0301/);
  });
});
