import {
  RunningEmulator,
  seedRepositories,
  startEmulator,
  TAGS_NOT_FOUND_CODE,
  WireRepository,
} from "../../emulator";
import { ImageTag } from "../../sdk/client";
import { emulatorEnv, runCli } from "../support/cli";
import { asListedTag } from "../support/fixtures";

/** The tags of a seeded repository as the CLI prints them. */
function tagsOf(emulator: RunningEmulator, repo: WireRepository): ImageTag[] {
  const target = { namespace: repo.namespace, repository: repo.name };
  return (emulator.repositoryTags(repo.namespace, repo.name) ?? []).map((w) =>
    asListedTag(w, target.namespace, target.repository),
  );
}

describe("swr-repos tags and image", () => {
  let emulator: RunningEmulator;
  let env: Record<string, string>;
  /** A repository whose name holds a `/`: written `namespace/team/app` on the command line. */
  let repo: WireRepository;
  let ref: string;
  let expected: ImageTag[];

  beforeAll(async () => {
    emulator = await startEmulator({ repos: 150, seed: 11 });
    repo = emulator.repositories().find((r) => r.name.includes("/") && r.tags.length > 5) as WireRepository;
    ref = `${repo.namespace}/${repo.name}`;
    expected = tagsOf(emulator, repo);
    env = emulatorEnv(emulator);
  });
  beforeEach(() => emulator.resetStats());
  afterAll(() => emulator.close());

  test("tags --format json prints every tag exactly, in tag order", async () => {
    const result = await runCli(["tags", ref, "--format", "json"], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual(expected);
  });

  test("tags with an order and one page, as a table and as csv", async () => {
    const flags = ["--order-column", "updated_at", "--order-type", "desc", "--limit", "3", "--offset", "0"];
    const table = await runCli(["tags", ref, ...flags], env);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^TAG\s+DIGEST\s+TYPE\s+SIZE\s+UPDATED$/);
    // Newest first; among equal times, tag ascending.
    const newest = [...expected].sort((a, b) =>
      a.updated !== b.updated ? (a.updated < b.updated ? 1 : -1) : a.tag < b.tag ? -1 : 1,
    )[0];
    expect(lines[1]).toMatch(new RegExp(`^${newest.tag}\\s+${newest.digest.slice(0, 19)}\\s`));
    expect(lines).toHaveLength(4);

    const csv = await runCli(["tags", ref, ...flags, "--format", "csv"], env);
    const rows = csv.stdout.trimEnd().split("\n");
    expect(rows[0]).toBe(
      "namespace,repository,tag,digest,imageRef,imageId,size,manifestType,created,updated,path,internalPath",
    );
    expect(rows).toHaveLength(4);
    expect(rows[1]).toContain(`,${newest.imageRef},`);
    expect(emulator.stats.tagRequests).toBe(2);
  });

  test("image prints the newest image's path@digest; :TAG and @DIGEST pick theirs", async () => {
    const newestAt = expected
      .map((t) => t.updated)
      .sort()
      .at(-1);
    const newest = expected.find((t) => t.updated === newestAt) as ImageTag;
    const latest = await runCli(["image", ref], env);
    expect(latest.code).toBe(0);
    expect(latest.stdout).toBe(`${repo.path}@${newest.digest}\n`);
    expect(latest.stdout).toMatch(/@sha256:[0-9a-f]{64}\n$/);

    const chosen = expected.find((t) => t.digest !== newest.digest) as ImageTag;
    const byTag = await runCli(["image", `${ref}:${chosen.tag}`, "--format", "json"], env);
    expect(byTag.code).toBe(0);
    expect(JSON.parse(byTag.stdout)).toEqual(chosen);

    const byDigest = await runCli(["image", `${ref}@${chosen.digest.slice(7, 19)}`], env);
    expect(byDigest.stdout).toBe(`${chosen.imageRef}\n`);
  });

  test.each([
    [["tags"], "NAMESPACE/REPOSITORY: is required"],
    [["tags", "just-a-namespace"], "must name a namespace and a repository"],
    [["tags", "Bad_NS/app"], "NAMESPACE:"],
    [["tags", "team/app", "--limit", "10"], "--offset"],
    [["tags", "team/app", "--order-column", "name", "--order-type", "asc"], "--order-column"],
    [["image", "team/app:.hidden"], "TAG:"],
    [["image", "team/app@abc"], "DIGEST: must be a digest"],
    [["image", "team/app", "--format", "csv"], "--format"],
  ])("%j exits 2 naming %s, and sends no request", async (args, message) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe("");
    expect(emulator.stats.requests).toBe(0);
  });

  test("a missing repository exits 1 with SWR's code and request id", async () => {
    for (const command of ["tags", "image"]) {
      const result = await runCli([command, `${repo.namespace}/no/such-repo`], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`HTTP 404 ${TAGS_NOT_FOUND_CODE}`);
      expect(result.stderr).toMatch(/request id [0-9a-f]{32}/);
    }
  });

  test("image exits 1 listing the candidates when no image matches", async () => {
    const none = await runCli(["image", `${ref}:no-such-tag`], env);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`no tag of ${ref} has tag "no-such-tag"; its tags, most recent first:`);
    expect(none.stdout).toBe("");
  });

  test("with nothing configured, image asks the built-in emulator", async () => {
    const seeded = seedRepositories(500, 1).find((r) => r.tags.length > 0) as WireRepository;
    const result = await runCli(["image", `${seeded.namespace}/${seeded.name}`]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/built-in emulator/);
    expect(result.stdout).toMatch(new RegExp(`^${seeded.path}@sha256:[0-9a-f]{64}\\n$`));
  });
});
