import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunningEmulator, startEmulator, WireRepository } from "../../emulator";
import type { DriftReport } from "../../sdk/drift/report";
import { emulatorEnv, runCli } from "../support/cli";

describe("swr-repos drift", () => {
  let emulator: RunningEmulator;
  let env: Record<string, string>;
  let dir: string;
  let seeded: WireRepository[];
  let baseline: string;

  beforeAll(async () => {
    emulator = await startEmulator({ repos: 60, seed: 11 });
    seeded = emulator.repositories();
    env = emulatorEnv(emulator);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "swr-drift-"));
    baseline = path.join(dir, "baseline.json");
    const listed = await runCli(["list", "--format", "json"], env);
    expect(listed.code).toBe(0);
    fs.writeFileSync(baseline, listed.stdout);
  });
  afterEach(() => emulator.setRepositories(seeded));
  afterAll(async () => {
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("no drift: exit 0 and a report that says so", async () => {
    const result = await runCli(["drift", "--baseline", baseline], env);
    expect(result).toEqual({
      code: 0,
      stdout: "# SWR drift: none\n\n60 repositories, all unchanged.\n",
      stderr: "",
    });
  });

  test("after the registry changes: exit 3 with the changes, in Markdown and in JSON", async () => {
    const [flipped, retagged, removed] = seeded;
    emulator.setRepositories(
      seeded
        .filter((r) => r !== removed)
        .map((r) =>
          r === flipped
            ? { ...r, is_public: !r.is_public }
            : r === retagged
              ? { ...r, tags: [...r.tags.slice(1), "hotfix-1"] }
              : r,
        ),
    );
    const id = (r: WireRepository) => `${r.namespace}/${r.name}`;

    const markdown = await runCli(["drift", "--baseline", baseline], env);
    expect(markdown.code).toBe(3);
    expect(markdown.stderr).toBe("");
    expect(markdown.stdout).toContain("# SWR drift: 0 added, 1 removed, 2 changed (57 unchanged)");
    expect(markdown.stdout).toContain(`| \`${id(removed)}\` |`);
    expect(markdown.stdout).toContain(`### \`${id(flipped)}\``);
    expect(markdown.stdout).toMatch(/- visibility: (private → \*\*public|public → \*\*private)\*\*/);
    expect(markdown.stdout).toContain("added `hotfix-1`");

    const json = await runCli(["drift", "--baseline", baseline, "--format", "json"], env);
    expect(json.code).toBe(3);
    const report = JSON.parse(json.stdout) as DriftReport;
    expect(report.added).toEqual([]);
    expect(report.removed).toEqual([
      { namespace: removed.namespace, name: removed.name, isPublic: removed.is_public },
    ]);
    expect(report.unchanged).toBe(57);
    const changes = Object.fromEntries(report.changed.map((c) => [`${c.namespace}/${c.name}`, c.changes]));
    expect(changes[id(flipped)]).toEqual([
      { field: "isPublic", before: flipped.is_public, after: !flipped.is_public },
    ]);
    expect(changes[id(retagged)]).toEqual([
      expect.objectContaining({ field: "tags", added: ["hotfix-1"], removed: [retagged.tags[0]] }),
    ]);
  });

  test("the query flags narrow the comparison as they narrow the listing", async () => {
    const namespace = seeded[0].namespace;
    const narrow = path.join(dir, "narrow.json");
    fs.writeFileSync(
      narrow,
      (await runCli(["list", "--format", "json", "--namespace", namespace], env)).stdout,
    );
    emulator.setRepositories(
      seeded.map((r) => (r.namespace === namespace ? r : { ...r, is_public: !r.is_public })),
    );
    expect((await runCli(["drift", "--baseline", narrow, "--namespace", namespace], env)).code).toBe(0);
  });

  test("a malformed baseline is invalid input (exit 2) naming the index and field; nothing is listed", async () => {
    const saved = JSON.parse(fs.readFileSync(baseline, "utf8")) as Array<Record<string, unknown>>;
    saved[7] = { ...saved[7], isPublic: "yes" };
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(bad, JSON.stringify(saved));
    emulator.resetStats();
    const result = await runCli(["drift", "--baseline", bad], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`${bad}[7].isPublic: must be true or false`);
    expect(emulator.stats.listRequests).toBe(0);
  });

  test.each([
    ["a missing --baseline", [], /--baseline: is required/],
    [
      "an unreadable file",
      ["--baseline", "/nonexistent/b.json"],
      /--baseline: cannot read \/nonexistent\/b\.json: ENOENT/,
    ],
    ["a file that is not JSON", ["--baseline", __filename], /is not JSON/],
    [
      "an unknown format",
      ["--baseline", "BASELINE", "--format", "table"],
      /--format: must be one of markdown, json/,
    ],
    [
      "a bad query flag",
      ["--baseline", "BASELINE", "--namespace", "Team"],
      /--namespace: may contain only lowercase/,
    ],
  ])("%s is invalid input (exit 2)", async (_what, args, message) => {
    const result = await runCli(["drift", ...args.map((a) => (a === "BASELINE" ? baseline : a))], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test("a failing API is exit 1", async () => {
    const result = await runCli(["drift", "--baseline", baseline], { ...env, HW_SECRET_KEY: "wrong" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/401 APIG\.0301/);
  });
});
