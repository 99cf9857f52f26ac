import { existsSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import type { SwrClient } from "@huaweicloud/huaweicloud-sdk-swr";
import { startEmulator, type RunningEmulator, type WireRepository } from "../../emulator";
import { loadOfficialSdk, useTemporaryHome, type OfficialSdk } from "../support/officialSdk";

/**
 * Contract: Huawei's official Node SDK, signing with AK/SK, lists our emulator completely.
 * The emulator verifies signatures with our signer's canonicalization, so a pass here also says the
 * official signer and ours agree on real SWR requests.
 */

const REPOS = 2500;
const PAGE = 1000;
const PROJECT_ID = "0f5b1a9e3c2d4e6f8a7b9c0d1e2f3a4b";

/**
 * What `listReposDetails` resolves to at run time. The typings promise a `ListReposDetailsResponse`
 * with `body` and a `contentRange` getter; the SDK instead returns the parsed JSON array, with the
 * `Content-Range` response header and `httpStatusCode` attached to it as plain properties.
 */
type ListingAtRunTime = WireRepository[] & { "Content-Range"?: string; httpStatusCode?: number };

/** The parts of the SDK's `ServiceResponseException` a caller reads. */
interface SdkServiceError {
  readonly httpStatusCode?: number | string;
  readonly errorCode?: string;
  readonly errorMsg?: string;
  readonly requestId?: string;
}

type Swr = OfficialSdk["swr"];
type Core = OfficialSdk["core"];
type Exceptions = OfficialSdk["exceptions"];
type Logging = OfficialSdk["logging"];

const realHome = os.homedir();

const key = (repo: Pick<WireRepository, "namespace" | "name">): string => `${repo.namespace}/${repo.name}`;

describe("the official @huaweicloud/huaweicloud-sdk-swr client against the emulator", () => {
  useTemporaryHome();

  let emulator: RunningEmulator;
  let swr: Swr;
  let core: Core;
  let exceptions: Exceptions;
  let logging: Logging;
  let client: SwrClient;

  const clientWith = (secretKey: string): SwrClient =>
    swr.SwrClient.newBuilder()
      .withCredential(
        new core.BasicCredentials().withAk(emulator.accessKey).withSk(secretKey).withProjectId(PROJECT_ID),
      )
      .withEndpoint(emulator.url)
      .build();

  /** One page, as the SDK returns it; the typings are corrected to what arrives. */
  const listPage = async (
    sdk: SwrClient,
    build: (
      request: InstanceType<Swr["ListReposDetailsRequest"]>,
    ) => InstanceType<Swr["ListReposDetailsRequest"]>,
  ): Promise<ListingAtRunTime> =>
    (await sdk.listReposDetails(build(new swr.ListReposDetailsRequest()))) as unknown as ListingAtRunTime;

  beforeAll(async () => {
    // Loaded only now, with HOME already pointing at a temporary directory.
    ({ swr, core, exceptions, logging } = await loadOfficialSdk());
    emulator = await startEmulator({ repos: REPOS, seed: 20250612, unstableTies: false });
    client = clientWith(emulator.secretKey);
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it("keeps the SDK's application id file in the temporary HOME", () => {
    expect(existsSync(join(os.homedir(), ".huaweicloud", "application_id"))).toBe(true);
    expect(os.homedir()).not.toBe(realHome);
  });

  it("pages through every repository exactly once, with Content-Range totals and exact fields", async () => {
    emulator.resetStats();
    const pages: ListingAtRunTime[] = [];
    for (let offset = 0; offset < REPOS; offset += PAGE) {
      pages.push(
        await listPage(client, (r) =>
          r.withLimit(String(PAGE)).withOffset(String(offset)).withOrderColumn("name").withOrderType("asc"),
        ),
      );
    }
    expect(emulator.stats.byStatus).toEqual({ 200: 3 });

    expect(pages.map((page) => page["Content-Range"])).toEqual([
      "0-1000/2500",
      "1000-1000/2500",
      "2000-500/2500",
    ]);
    for (const page of pages) {
      expect(Array.isArray(page)).toBe(true);
      expect(page.httpStatusCode).toBe(200);
      // The declared accessors are absent: the response is a plain array, not a ListReposDetailsResponse.
      expect((page as unknown as { contentRange?: string; body?: unknown }).contentRange).toBeUndefined();
      expect((page as unknown as { contentRange?: string; body?: unknown }).body).toBeUndefined();
    }

    const listed = pages.flat();
    const expected = emulator.repositories();
    const total = Number(/\/(\d+)$/.exec(pages[0]["Content-Range"] ?? "")?.[1]);
    expect(total).toBe(expected.length);
    expect(listed).toHaveLength(total);
    expect(new Set(listed.map(key)).size).toBe(listed.length);
    expect(new Set(listed.map(key))).toEqual(new Set(expected.map(key)));

    const names = listed.map((repo) => repo.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    // Every field arrives as the emulator holds it; items are plain snake_case objects.
    const byKey = new Map(listed.map((repo) => [key(repo), repo]));
    for (const repo of expected) expect(byKey.get(key(repo))).toEqual({ ...repo, total_range: REPOS });

    const large = expected.filter((repo) => repo.size > 2 ** 32);
    expect(large.length).toBeGreaterThan(0);
    for (const repo of large) {
      expect(Number.isSafeInteger(byKey.get(key(repo))?.size)).toBe(true);
      expect(byKey.get(key(repo))?.size).toBe(repo.size);
    }
    const visibility = new Set(listed.map((repo) => repo.is_public));
    expect(visibility).toEqual(new Set([true, false]));
    expect(listed.some((repo) => repo.name.includes("/"))).toBe(true);
    expect(listed.some((repo) => [...repo.description].some((c) => c.charCodeAt(0) > 0x7f))).toBe(true);
  });

  it("sends a filter with `|`, `::` and `/`, and the server honours it", async () => {
    const target = emulator.repositories().find((repo) => repo.name.includes("/"));
    if (target === undefined) throw new Error("the seeded set has no name with '/'");
    const expected = emulator
      .repositories()
      .filter((repo) => repo.namespace.includes(target.namespace) && repo.name.includes(target.name));

    const page = await listPage(client, (r) =>
      r.withFilter(`namespace::${target.namespace}|name::${target.name}|limit::${PAGE}|offset::0`),
    );
    expect(page.httpStatusCode).toBe(200);
    expect(page["Content-Range"]).toBe(`0-${expected.length}/${expected.length}`);
    expect(new Set(page.map(key))).toEqual(new Set(expected.map(key)));
    expect(page.map(key)).toContain(key(target));
  });

  it("surfaces a wrong secret key as a 401 with the gateway's code APIG.0301 and the request id", async () => {
    emulator.resetStats();
    // The SDK logs every failed request, credentials headers included, to stdout through log4js.
    const log = jest.spyOn(logging.Logger4jInstance, "error").mockImplementation(() => undefined);
    const wrong = clientWith(emulator.secretKey.replace(/^./, (c) => (c === "A" ? "B" : "A")));
    let caught: unknown;
    let logged = 0;
    try {
      await listPage(wrong, (r) => r.withLimit("10").withOffset("0"));
    } catch (error) {
      caught = error;
    } finally {
      logged = log.mock.calls.length;
      log.mockRestore();
    }
    expect(logged).toBeGreaterThan(0);
    // A 4xx is a ClientRequestException, a subclass of ServiceResponseException (5xx: ServerResponseException).
    expect(caught).toBeInstanceOf(exceptions.ClientRequestException);
    const error = caught as SdkServiceError & Error;
    expect(error.name).toBe("ClientRequestException");
    expect(error.httpStatusCode).toBe(401);
    expect(error.errorCode).toBe("APIG.0301");
    expect(error.errorMsg).toMatch(/verify aksk signature fail/);
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(emulator.stats.byStatus).toEqual({ 401: 1 });
  });
});
