import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { DIALECT_NAMES, seedRepositories, tagDetails, type WireRepository } from "../../emulator";
import { CLI, runCli } from "../support/cli";
import { numberedTags, repositoryWithTags } from "../support/fixtures";

/** A repository of 2500 tags: three pages of 1000, whose update order has tie groups of 7. */
const bigRepository = () => repositoryWithTags("acme-big", "platform/images", numberedTags(2500));

/** `swr-repos emulator` as a user starts it, in its own process; resolves with its JSON line. */
async function startEmulatorProcess(
  args: string[],
): Promise<{ child: ChildProcess; url: string; token: string }> {
  const child = spawn(process.execPath, [CLI, "emulator", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const { url, token } = JSON.parse(line) as { url: string; token: string };
  return { child, url, token };
}

const byKey = (a: WireRepository, b: WireRepository) =>
  a.namespace < b.namespace
    ? -1
    : a.namespace > b.namespace
      ? 1
      : a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : 0;

/** Each reading alone, and the hardest together: no total in a tag page, pages cut short, nulls; every limit refusal with an end-index range. */
const READINGS = [
  ...DIALECT_NAMES,
  "no-content-range,short-pages,nulls",
  "strict,limit-100,end-index-range,filter-voids-plain",
];

describe.each(READINGS)("swr-repos list and tags against the %s dialect, ties reordered", (dialect) => {
  let emulator: { child: ChildProcess; url: string; token: string };
  let repos: WireRepository[];
  let env: Record<string, string>;

  beforeAll(async () => {
    emulator = await startEmulatorProcess([
      "--dialect",
      dialect,
      "--unstable-ties",
      "--repos",
      "10",
      "--seed",
      "5",
    ]);
    // Five pages of repositories, many names in several organizations, and one repository of 2500 tags.
    repos = [...seedRepositories(4500, 5), bigRepository()].sort(byKey);
    const put = await fetch(`${emulator.url}/__emulator/repositories`, {
      method: "PUT",
      body: JSON.stringify(repos),
    });
    expect(put.status).toBe(200);
    env = { HW_SWR_ENDPOINT: emulator.url, HW_AUTH_TOKEN: emulator.token };
  });
  afterAll(() => {
    emulator.child.kill("SIGINT");
  });

  const keys = (rows: ReadonlyArray<{ namespace: string; name: string }>) =>
    rows.map((r) => `${r.namespace}/${r.name}`);
  const busiest = () => {
    const counts = new Map<string, number>();
    for (const r of repos) counts.set(r.namespace, (counts.get(r.namespace) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1])[0][0];
  };

  test.each([
    ["the complete set", () => [], () => true],
    [
      "--namespace",
      (ns: string) => ["--namespace", ns],
      (r: WireRepository, ns: string) => r.namespace === ns,
    ],
    [
      "--namespace with --filter name::…",
      (ns: string) => ["--namespace", ns, "--filter", "name::e"],
      (r: WireRepository, ns: string) => r.namespace === ns && r.name.includes("e"),
    ],
    [
      "--category with --filter namespace::…",
      (ns: string) => ["--category", "linux", "--filter", `namespace::${ns.slice(0, 2)}`],
      (r: WireRepository, ns: string) => r.category === "linux" && r.namespace.includes(ns.slice(0, 2)),
    ],
  ])("list: %s, exactly", async (_what, flags, keeps) => {
    const namespace = busiest();
    const result = await runCli(["list", "--format", "json", ...flags(namespace)], env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const expected = repos.filter((r) => keeps(r, namespace));
    expect(expected.length).toBeGreaterThan(0);
    expect(keys(JSON.parse(result.stdout) as WireRepository[])).toEqual(keys(expected));
  });

  test("tags of a repository with 2500 tags, exactly", async () => {
    const result = await runCli(["tags", "acme-big/platform/images", "--format", "json"], env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const tags = (JSON.parse(result.stdout) as Array<{ tag: string; digest: string }>).map(
      (t) => `${t.tag} ${t.digest}`,
    );
    const expected = tagDetails(bigRepository())
      .map((t) => `${t.Tag} ${t.digest}`)
      .sort();
    expect(tags).toEqual(expected);
  });
});
