/**
 * `SwrClient.listRepositoryTags` against the emulator in every dialect: complete and exact over many
 * pages, with ties reordered, faults, throttling and a set that changes; one page; missing repositories.
 */
import { Agent, type Dispatcher } from "undici";
import {
  seedRepositories,
  startEmulator,
  TAGS_NOT_FOUND_CODE,
  type RunningEmulator,
  type WireRepository,
  type WireTag,
} from "../../../emulator";
import { type ImageTag, selectImage, SwrApiError, SwrInputError, SwrListingError } from "../../../sdk/client";
import {
  EVERY_DIALECT,
  expectListingCost,
  plainResponses,
  recordingDispatcher,
  servedPageSize,
  undocumentedParameters,
} from "../../support/documented";
import { emulatorClients, numberedTags, repositoryWithTags } from "../../support/fixtures";

const REQUEST_ID = /^[0-9a-f]{32}$/;

/** A repository of 2500 tags `v0`…`v2499`, named with a `/`: "v1" is part of 1111 of them. */
const BIG_NAMESPACE = "acme-tags";
const BIG_NAME = "platform/images";
const BIG_TAGS = numberedTags(2500);

function bigRepository(tags: string[] = BIG_TAGS): WireRepository {
  return repositoryWithTags(BIG_NAMESPACE, BIG_NAME, tags);
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What the user relies on: each tag once, with the emulator's fields, pinned by digest. */
function expectSameTags(actual: readonly ImageTag[], expected: readonly WireTag[]): void {
  expect(actual.map((t) => t.tag)).toEqual(expected.map((t) => t.Tag));
  const byTag = new Map(expected.map((t) => [t.Tag, t]));
  for (const tag of actual) {
    const wire = byTag.get(tag.tag) as WireTag;
    expect(tag).toEqual({
      namespace: tag.namespace,
      repository: tag.repository,
      tag: wire.Tag,
      digest: wire.digest,
      imageRef: `${wire.path.slice(0, wire.path.lastIndexOf(":"))}@${wire.digest}`,
      imageId: wire.image_id,
      size: wire.size,
      path: wire.path,
      internalPath: wire.internal_path,
      created: wire.created,
      updated: wire.updated,
      manifestType: wire.tag_type === 1 ? "manifest-list" : "manifest",
    });
  }
}

/** A dispatcher that records every request's path and calls `onRequest` before sending it. */
function recording(onRequest: (path: string, n: number) => void = () => undefined): {
  dispatcher: Dispatcher;
  paths: string[];
} {
  const paths: string[] = [];
  const dispatcher = new Agent().compose((dispatch) => (options, handler) => {
    paths.push(options.path);
    onRequest(options.path, paths.length);
    return dispatch(options, handler);
  });
  return { dispatcher, paths };
}

describe.each(EVERY_DIALECT)(
  "SwrClient.listRepositoryTags against the emulator, %s dialect",
  (_name, dialect) => {
    let emulator: RunningEmulator;
    let seeded: WireRepository[];
    const client = emulatorClients(() => emulator);

    beforeAll(async () => {
      emulator = await startEmulator({ repos: 300, seed: 11, dialect });
      seeded = [...seedRepositories(300, 11), bigRepository()];
      emulator.setRepositories(seeded);
    });
    afterEach(() => {
      emulator.configure({ faultRate: 0, maxConcurrency: undefined, latencyMs: 0, unstableTies: false });
      emulator.setRepositories(seeded);
      emulator.resetStats();
    });
    afterAll(() => emulator.close());

    test("lists 2500 tags over 25 pages exactly once, in tag order, with exact fields", async () => {
      const listing = await client({ paging: { pageSize: 100 } }).listRepositoryTags(BIG_NAMESPACE, BIG_NAME);
      const expected = emulator.repositoryTags(BIG_NAMESPACE, BIG_NAME) as WireTag[];
      expect(expected).toHaveLength(2500);
      expectSameTags(listing.tags, expected);
      expect(listing.tags.map((t) => t.tag)).toEqual([...BIG_TAGS].sort(byText));
      expect(listing.total).toBe(2500);
      expectListingCost(listing.stats.requests, 2500, dialect, { asked: 100, counted: false });
      expect(emulator.stats.tagRequests).toBe(listing.stats.requests);
      expect(listing.tags.every((t) => t.namespace === BIG_NAMESPACE && t.repository === BIG_NAME)).toBe(
        true,
      );
      // Sizes above 2^32 arrive exact; both kinds of manifest occur somewhere in the seeded set.
      expect(listing.tags.some((t) => t.size > 2 ** 32)).toBe(true);
      for (const tag of listing.tags) expect(tag.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    });

    test("sends a `/` in the repository name as `$` (percent-encoded) and signs that path", async () => {
      const { dispatcher, paths } = recording();
      const listing = await client({ transport: { dispatcher } }).listRepositoryTags(
        BIG_NAMESPACE,
        BIG_NAME,
        {
          limit: 10,
          offset: 0,
        },
      );
      await dispatcher.close();
      // One request, unless the server counts no total: then the end of the list counts it.
      if (dialect.contentRange !== "none") expect(paths).toHaveLength(1);
      for (const path of paths)
        expect(path).toMatch(/^\/v2\/manage\/namespaces\/acme-tags\/repos\/platform%24images\/tags\?/);
      expect(listing.tags).toHaveLength(10);
      expect(listing.tags[0].imageRef).toMatch(
        /^swr\.ap-southeast-1\.myhuaweicloud\.com\/acme-tags\/platform\/images@sha256:[0-9a-f]{64}$/,
      );
    });

    test("lists a seeded repository whose name holds a `/`, with an IAM token too", async () => {
      const repo = seeded.find((r) => r.name.includes("/") && r.tags.length > 1) as WireRepository;
      expect(repo).toBeDefined();
      const byToken = client({ accessKey: undefined, secretKey: undefined, authToken: emulator.token });
      const listing = await byToken.listRepositoryTags(repo.namespace, repo.name);
      expectSameTags(listing.tags, emulator.repositoryTags(repo.namespace, repo.name) as WireTag[]);
      expect(listing.tags.map((t) => t.tag)).toEqual([...repo.tags].sort(byText));
    });

    test("orders by updated_at descending, tag ascending among equal times", async () => {
      const listing = await client({ paging: { pageSize: 300 } }).listRepositoryTags(
        BIG_NAMESPACE,
        BIG_NAME,
        {
          orderColumn: "updated_at",
          orderType: "desc",
        },
      );
      const expected = [...(emulator.repositoryTags(BIG_NAMESPACE, BIG_NAME) as WireTag[])].sort(
        (a, b) => byText(b.updated, a.updated) || byText(a.Tag, b.Tag),
      );
      expectSameTags(listing.tags, expected);
      expect(listing.tags[0].updated).toBe(bigRepository().updated_at);
    });

    test("a tag filter gives exactly that tag, although the server matches it as a fragment", async () => {
      const listing = await client({ paging: { pageSize: 100 } }).listRepositoryTags(
        BIG_NAMESPACE,
        BIG_NAME,
        {
          tag: "v1",
        },
      );
      expect(listing.tags.map((t) => t.tag)).toEqual(["v1"]);
      expect(listing.total).toBe(1);
      // The server counted 1111 fragment matches: 12 pages of 100.
      expectListingCost(listing.stats.requests, 1111, dialect, { asked: 100, counted: false });

      // One page is the server's page of its fragment matches: only the exact tag is kept of it.
      const page = await client().listRepositoryTags(BIG_NAMESPACE, BIG_NAME, {
        tag: "v1",
        limit: 1000,
        offset: 0,
      });
      expect(page.tags.every((t) => t.tag === "v1")).toBe(true);
      expect(page.total).toBe(1111);
    });

    test("limit and offset give one page of the server's order (newest first), sorted by tag, and the server's total", async () => {
      const listing = await client().listRepositoryTags(BIG_NAMESPACE, BIG_NAME, { limit: 50, offset: 100 });
      const newestFirst = (emulator.repositoryTags(BIG_NAMESPACE, BIG_NAME) as WireTag[])
        .map((t) => t.updated)
        .sort(byText)
        .reverse();
      const tags = listing.tags.map((t) => t.tag);
      expect(tags).toEqual([...new Set(tags)].sort(byText));
      expect(tags).toHaveLength(50);
      for (const tag of listing.tags) {
        expect(tag.updated <= newestFirst[100]).toBe(true);
        expect(tag.updated >= newestFirst[149]).toBe(true);
      }
      expect(listing.total).toBe(2500);
      // One request, unless the server takes fewer rows a page or counts no total.
      if (plainResponses(dialect)) expect(emulator.stats.tagRequests).toBe(1);
    });

    test("one page in tag order is refused before any request: SWR documents updated_at only", async () => {
      const error = await client()
        .listRepositoryTags(BIG_NAMESPACE, BIG_NAME, {
          limit: 50,
          offset: 0,
          orderColumn: "tag",
          orderType: "asc",
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SwrInputError);
      expect((error as SwrInputError).issues.map((i) => i.field)).toEqual(["orderColumn"]);
      expect(emulator.stats.tagRequests).toBe(0);
    });

    test.each([1000, 100])(
      "2500 tags in pages of %i, with ties reordered on every request: exact, and every request one SWR documents",
      async (pageSize) => {
        emulator.configure({ unstableTies: true });
        const expected = emulator.repositoryTags(BIG_NAMESPACE, BIG_NAME) as WireTag[];
        // Pushed in batches: the update order has tie groups, some of them cut by page boundaries.
        expect(new Set(expected.map((t) => t.updated)).size).toBeLessThan(expected.length / 4);
        const { dispatcher, paths } = recordingDispatcher();
        const c = client({ paging: { pageSize }, transport: { dispatcher } });
        for (let run = 0; run < 3; run++)
          expectSameTags((await c.listRepositoryTags(BIG_NAMESPACE, BIG_NAME)).tags, expected);
        await dispatcher.close();
        expect(paths.flatMap(undocumentedParameters)).toEqual([]);
      },
    );

    test("streaming and collecting give the same tags, with ties reordered on every request", async () => {
      emulator.configure({ unstableTies: true });
      const c = client({ paging: { pageSize: 100 } });
      const streamed: ImageTag[] = [];
      const kinds = new Set<string>();
      for await (const page of c.listRepositoryTagPages(BIG_NAMESPACE, BIG_NAME)) {
        streamed.push(...page.tags);
        kinds.add(page.kind);
      }
      // Batches of 7 tags share an instant: page boundaries cut tie groups, which were repaired.
      expect([...kinds].sort()).toEqual(["page", "repair"]);
      const collected = await c.listRepositoryTags(BIG_NAMESPACE, BIG_NAME);
      expect(streamed.map((t) => t.tag).sort(byText)).toEqual(collected.tags.map((t) => t.tag));
      expect(streamed).toHaveLength(2500);
    });

    test("complete and exact with 25% transient faults of every kind", async () => {
      emulator.configure({ faultRate: 0.25, unstableTies: true });
      const listing = await client({ paging: { pageSize: 100 } }).listRepositoryTags(BIG_NAMESPACE, BIG_NAME);
      expectSameTags(listing.tags, emulator.repositoryTags(BIG_NAMESPACE, BIG_NAME) as WireTag[]);
      expect(emulator.stats.faultsInjected).toBeGreaterThan(0);
      expect(listing.stats.failures).toBe(emulator.stats.faultsInjected);
    });

    test("complete and exact while the server throttles", async () => {
      emulator.configure({ maxConcurrency: 2, latencyMs: 5 });
      const listing = await client({ concurrency: 16, paging: { pageSize: 100 } }).listRepositoryTags(
        BIG_NAMESPACE,
        BIG_NAME,
      );
      expectSameTags(listing.tags, emulator.repositoryTags(BIG_NAMESPACE, BIG_NAME) as WireTag[]);
      expect(emulator.stats.throttled).toBeGreaterThan(0);
      expect(listing.stats.throttled).toBe(emulator.stats.throttled);
    });

    test("a tag set that changes mid-listing is listed again, never mixed", async () => {
      const moved = [...seedRepositories(300, 11), bigRepository([...BIG_TAGS, "zz-late"])];
      const { dispatcher } = recording((_path, n) => {
        if (n === 3) emulator.setRepositories(moved);
      });
      const listing = await client({
        paging: { pageSize: 100 },
        transport: { dispatcher },
      }).listRepositoryTags(BIG_NAMESPACE, BIG_NAME);
      await dispatcher.close();
      // Seen as a change by the server's total; without one, a tag that lands in pages not yet read
      // is simply listed.
      if (dialect.contentRange !== "none") expect(listing.stats.relists).toBeGreaterThanOrEqual(1);
      expect(listing.total).toBe(2501);
      expectSameTags(listing.tags, emulator.repositoryTags(BIG_NAMESPACE, BIG_NAME) as WireTag[]);
    });

    test("a tag set that keeps changing ends in a listing error after the allowed relists", async () => {
      const { dispatcher } = recording((_path, n) => {
        // Every fifth request sees one more tag than the one before.
        if (n % 5 === 0)
          emulator.setRepositories([
            bigRepository([...BIG_TAGS, ...Array.from({ length: n }, (_, i) => `x${i}`)]),
          ]);
      });
      const error = await client({ paging: { pageSize: 100 }, transport: { dispatcher }, maxRelists: 2 })
        .listRepositoryTags(BIG_NAMESPACE, BIG_NAME)
        .catch((e: unknown) => e);
      await dispatcher.close();
      expect(error).toBeInstanceOf(SwrListingError);
      expect((error as SwrListingError).reason).toBe("set-changed");
    });

    test.each([
      ["repository", BIG_NAMESPACE, "platform/missing", `Repository platform/missing does not exist`],
      ["namespace", "no-such-org", "api", "Namespace no-such-org does not exist"],
    ])(
      "a missing %s is a 404 with its code and request id, after exactly one request",
      async (_what, namespace, repository, message) => {
        const { dispatcher, paths } = recording();
        const error = await client({ transport: { dispatcher } })
          .listRepositoryTags(namespace, repository)
          .catch((e: unknown) => e);
        await dispatcher.close();
        expect(error).toBeInstanceOf(SwrApiError);
        const api = error as SwrApiError;
        expect(api.statusCode).toBe(404);
        expect(api.serverCode).toBe(TAGS_NOT_FOUND_CODE);
        expect(api.serverMessage).toContain(message);
        expect(api.requestId).toMatch(REQUEST_ID);
        expect(api.message).toContain(api.requestId as string);
        // Not retried: one request sent (after the page sizes the server refuses), one 404 served.
        expect(paths).toHaveLength(1 + servedPageSize(dialect).refusals);
        expect(emulator.stats.byStatus[404]).toBe(1);
      },
    );

    test("selectImage picks the newest image of a seeded repository", async () => {
      // A repository last updated after the second it was created in, so one tag is strictly the newest.
      const repo = seeded.find(
        (r) =>
          r.tags.length > 3 &&
          !r.tags.includes("latest") &&
          r.created_at.slice(0, 19) < r.updated_at.slice(0, 19),
      ) as WireRepository;
      const { tags } = await client().listRepositoryTags(repo.namespace, repo.name);
      const newest = selectImage(tags, { latest: true });
      expect(newest.updated).toBe(repo.updated_at);
      expect(selectImage(tags, { digest: newest.digest })).toEqual(newest);
      expect(selectImage(tags, { tag: newest.tag, digest: newest.digest.slice(0, 19) })).toEqual(newest);
    });
  },
);
