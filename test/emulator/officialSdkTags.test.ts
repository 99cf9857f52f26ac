import { createHash } from "node:crypto";
import type { SwrClient as OfficialClient } from "@huaweicloud/huaweicloud-sdk-swr";
import { startEmulator, TAGS_NOT_FOUND_CODE, type RunningEmulator, type WireTag } from "../../emulator";
import { SwrClient } from "../../sdk/client";
import { loadOfficialSdk, useTemporaryHome, type OfficialSdk } from "../support/officialSdk";

/**
 * Contract: Huawei's official Node SDK lists a repository's tags from our emulator, signing with
 * AK/SK, and gets exactly the emulator's tags; our client agrees with it field by field.
 */

const PROJECT_ID = "0f5b1a9e3c2d4e6f8a7b9c0d1e2f3a4b";

/** What `listRepositoryTags` resolves to at run time: the parsed array, `Content-Range` attached. */
type TagsAtRunTime = WireTag[] & { "Content-Range"?: string; httpStatusCode?: number };

type Swr = OfficialSdk["swr"];
type Core = OfficialSdk["core"];
type Exceptions = OfficialSdk["exceptions"];
type Logging = OfficialSdk["logging"];

describe("the official SDK's listRepositoryTags against the emulator", () => {
  useTemporaryHome();

  let emulator: RunningEmulator;
  let swr: Swr;
  let core: Core;
  let exceptions: Exceptions;
  let logging: Logging;
  let official: OfficialClient;

  /** One call, as the SDK returns it; the typings are corrected to what arrives. */
  const listTags = async (
    build: (
      request: InstanceType<Swr["ListRepositoryTagsRequest"]>,
    ) => InstanceType<Swr["ListRepositoryTagsRequest"]>,
  ): Promise<TagsAtRunTime> =>
    (await official.listRepositoryTags(
      build(new swr.ListRepositoryTagsRequest()),
    )) as unknown as TagsAtRunTime;

  /** The seeded repository with the most tags among those whose name holds a `/` (sent as `$`). */
  const slashed = () => {
    const repo = emulator
      .repositories()
      .filter((r) => r.name.includes("/"))
      .sort((a, b) => b.tags.length - a.tags.length)[0];
    if (!repo || repo.tags.length < 3)
      throw new Error("the seeded set has no repository with '/' in its name");
    return repo;
  };

  beforeAll(async () => {
    ({ swr, core, exceptions, logging } = await loadOfficialSdk());
    emulator = await startEmulator({ repos: 2000, seed: 20250612 });
    official = swr.SwrClient.newBuilder()
      .withCredential(
        new core.BasicCredentials()
          .withAk(emulator.accessKey)
          .withSk(emulator.secretKey)
          .withProjectId(PROJECT_ID),
      )
      .withEndpoint(emulator.url)
      .build();
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it("pages a repository named with `$` for `/`, and gets exactly the emulator's tags", async () => {
    const repo = slashed();
    const expected = emulator.repositoryTags(repo.namespace, repo.name) as WireTag[];
    emulator.resetStats();
    const pageSize = 2;
    const pages: TagsAtRunTime[] = [];
    for (let offset = 0; offset < expected.length; offset += pageSize) {
      pages.push(
        await listTags((r) =>
          r
            .withNamespace(repo.namespace)
            .withRepository(repo.name.replace(/\//g, "$"))
            .withLimit(String(pageSize))
            .withOffset(String(offset))
            .withOrderColumn("tag")
            .withOrderType("asc"),
        ),
      );
    }
    expect(emulator.stats.byStatus).toEqual({ 200: pages.length });
    expect(pages.map((page) => page["Content-Range"])).toEqual(
      pages.map((page, i) => `${i * pageSize}-${page.length}/${expected.length}`),
    );
    const listed = pages.flatMap((page) => [...page]);
    // Plain snake_case objects, `Tag` capitalized, `deleted` null, every field as the emulator holds it.
    expect(listed).toEqual(expected);
    for (const tag of listed) {
      expect(tag.digest).toBe(`sha256:${createHash("sha256").update(tag.manifest).digest("hex")}`);
      expect(tag.path).toBe(`${repo.path}:${tag.Tag}`);
    }
  });

  it("reports multi-platform images as manifest lists (tag_type 1) whose digest hashes the list", async () => {
    const repo = emulator
      .repositories()
      .find((r) => emulator.repositoryTags(r.namespace, r.name)?.some((t) => t.tag_type === 1));
    if (!repo) throw new Error("the seeded set has no multi-platform repository");
    const tags = await listTags((r) =>
      r.withNamespace(repo.namespace).withRepository(repo.name.replace(/\//g, "$")),
    );
    expect(tags.length).toBe(repo.tags.length);
    for (const tag of tags) {
      expect(tag.tag_type).toBe(1);
      const list = JSON.parse(tag.manifest) as { mediaType: string; manifests: Array<{ digest: string }> };
      expect(list.mediaType).toBe("application/vnd.docker.distribution.manifest.list.v2+json");
      expect(list.manifests).toHaveLength(2);
      expect(tag.digest).toBe(`sha256:${createHash("sha256").update(tag.manifest).digest("hex")}`);
    }
  });

  it("agrees with our client on every tag", async () => {
    const repo = slashed();
    const all = await listTags((r) =>
      r.withNamespace(repo.namespace).withRepository(repo.name.replace(/\//g, "$")),
    );
    // Without limit and offset, every tag and no Content-Range.
    expect(all["Content-Range"]).toBeUndefined();
    const ours = new SwrClient({
      endpoint: emulator.url,
      accessKey: emulator.accessKey,
      secretKey: emulator.secretKey,
      env: {},
    });
    try {
      const { tags } = await ours.listRepositoryTags(repo.namespace, repo.name);
      const byTag = new Map(all.map((t) => [t.Tag, t]));
      expect(tags.map((t) => t.tag).sort()).toEqual([...byTag.keys()].sort());
      for (const tag of tags) {
        const wire = byTag.get(tag.tag) as WireTag;
        expect([
          tag.digest,
          tag.imageId,
          tag.size,
          tag.path,
          tag.internalPath,
          tag.created,
          tag.updated,
        ]).toEqual([
          wire.digest,
          wire.image_id,
          wire.size,
          wire.path,
          wire.internal_path,
          wire.created,
          wire.updated,
        ]);
        expect(tag.manifestType).toBe(wire.tag_type === 1 ? "manifest-list" : "manifest");
        expect(tag.imageRef).toBe(`${repo.path}@${wire.digest}`);
      }
    } finally {
      await ours.close();
    }
  });

  it("sends filter (limit, offset, order and a tag fragment) and the emulator honours it", async () => {
    const repo = emulator.repositories().find((r) => r.tags.includes("latest") && r.tags.length > 3);
    if (!repo) throw new Error("the seeded set has no repository with a latest tag");
    const expected = (emulator.repositoryTags(repo.namespace, repo.name) as WireTag[]).filter((t) =>
      t.Tag.includes("at"),
    );
    const page = await listTags((r) =>
      r
        .withNamespace(repo.namespace)
        .withRepository(repo.name.replace(/\//g, "$"))
        .withFilter("offset::0|limit::10|order_column::tag|order_type::asc|tag::at"),
    );
    expect(page["Content-Range"]).toBe(`0-${expected.length}/${expected.length}`);
    expect([...page]).toEqual(expected);
  });

  it("surfaces a missing repository as a 404 with the request id, but not SWR's list-shaped error code", async () => {
    const log = jest.spyOn(logging.Logger4jInstance, "error").mockImplementation(() => undefined);
    let caught: unknown;
    try {
      await listTags((r) => r.withNamespace(slashed().namespace).withRepository("no$such-repo"));
    } catch (error) {
      caught = error;
    } finally {
      log.mockRestore();
    }
    expect(caught).toBeInstanceOf(exceptions.ClientRequestException);
    const error = caught as {
      httpStatusCode?: number;
      errorCode?: string;
      errorMsg?: string;
      requestId?: string;
    };
    expect(error.httpStatusCode).toBe(404);
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
    // The SDK reads only `error_code`/`error_msg` (or `error.code`); SWR's documented
    // `[{"errorCode","errorMessage","detail"}]` body leaves its code unset. Our client reads every shape.
    expect(error.errorCode).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain(TAGS_NOT_FOUND_CODE);
  });
});
