/**
 * Server text in what the CLI prints: escaped in the table, CSV (formula starts guarded with `'`) and
 * Markdown, exact in JSON, never a raw control character.
 */
import { RunningEmulator, startEmulator, WireRepository } from "../../emulator";
import { ImageTag } from "../../sdk/client";
import { compareListings } from "../../sdk/drift/compare";
import { renderDriftMarkdown } from "../../sdk/drift/render";
import { renderTags } from "../../cli/render";
import { emulatorEnv, runCli } from "../support/cli";
import { asListed } from "../support/fixtures";
import { TERMINAL_CONTROLS } from "../support/scriptedServer";

describe("server text in the CLI's output", () => {
  let emulator: RunningEmulator;
  let env: Record<string, string>;
  const hostile: WireRepository = {
    name: "web\x1b[2J\r\nfake",
    namespace: "team-a",
    category: "\x1b]0;owned\x07",
    description: '=HYPERLINK("http://evil.example","x")',
    size: 10,
    is_public: false,
    num_images: 1,
    num_download: 0,
    created_at: "2024-01-01T00:00:00.000000Z",
    updated_at: "2024-01-01T00:00:00.000000Z",
    logo: "+cmd|' /C calc'!A0",
    url: "-2+3",
    path: "swr.example/team-a/web\u202etxt.exe",
    internal_path: "\tinternal",
    domain_name: "@SUM(1,2)",
    tags: ["\rv2", "v1\x9b"],
    status: true,
    total_range: 1,
  };
  const listed = () => asListed(hostile);

  beforeAll(async () => {
    emulator = await startEmulator({ repos: 0, seed: 7 });
    emulator.setRepositories([hostile]);
    env = emulatorEnv(emulator);
  });
  afterAll(() => emulator.close());

  test("table output escapes every control character", async () => {
    const result = await runCli(["list"], env);
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/\n/g, "")).not.toMatch(TERMINAL_CONTROLS);
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(2);
    expect(result.stdout).toContain("web\\x1b[2J\\r\\nfake");
    expect(result.stdout).toContain("\\x1b]0;owned\\x07");
  });

  test("CSV output escapes control characters and guards every formula start with a leading '", async () => {
    const result = await runCli(["list", "--format", "csv"], env);
    expect(result.code).toBe(0);
    const [header, row, ...rest] = result.stdout.trimEnd().split("\n");
    expect(rest).toEqual([]);
    expect(result.stdout.replace(/\n/g, "")).not.toMatch(TERMINAL_CONTROLS);
    const cells = Object.fromEntries(header.split(",").map((name, i) => [name, parseCsvRow(row)[i]]));
    expect(cells).toMatchObject({
      name: "web\\x1b[2J\\r\\nfake",
      description: `'=HYPERLINK("http://evil.example","x")`,
      logo: "'+cmd|' /C calc'!A0",
      url: "'-2+3",
      domainName: "'@SUM(1,2)",
      internalPath: "'\\tinternal",
      tags: "'\\rv2 v1\\x9b",
      path: "swr.example/team-a/web\\u202etxt.exe",
    });
  });

  test("JSON output is exact (it parses back to the server's text) with no raw control character", async () => {
    const result = await runCli(["list", "--format", "json"], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([JSON.parse(JSON.stringify(listed()))]);
    expect(result.stdout.replace(/\n/g, "")).not.toMatch(TERMINAL_CONTROLS);
  });

  test("tag CSV guards formulas and escapes controls the same way", () => {
    const tag: ImageTag = {
      namespace: "team-a",
      repository: "web",
      tag: "=1+1",
      digest: "sha256:" + "a".repeat(64),
      imageRef: "p@sha256:" + "a".repeat(64),
      imageId: "i",
      size: 1,
      manifestType: "manifest",
      created: "2024-01-01T00:00:00Z",
      updated: "\x1b[8m2024",
      path: "\x1b[2Jp",
      internalPath: "ip",
    };
    const [, row] = [...renderTags([tag], "csv")].join("").trimEnd().split("\n");
    expect(parseCsvRow(row).slice(0, 3)).toEqual(["team-a", "web", "'=1+1"]);
    expect(row).toContain("\\x1b[2Jp");
    expect([...renderTags([tag], "table")].join("").replace(/\n/g, "")).not.toMatch(TERMINAL_CONTROLS);
  });

  test("the drift report in Markdown escapes control characters", () => {
    const before = listed();
    const report = compareListings([before], [{ ...before, description: "\x1b[2Jnew\u202e" }]);
    const markdown = renderDriftMarkdown(report);
    expect(markdown.replace(/\n/g, "")).not.toMatch(TERMINAL_CONTROLS);
    expect(markdown).toContain("\\x1b[2Jnew\\u202e");
  });
});

/** Splits one RFC 4180 record (quoted cells with doubled quotes). */
function parseCsvRow(row: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    if (quoted && c === '"' && row[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) {
      cells.push(cell);
      cell = "";
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
