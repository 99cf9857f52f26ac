import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { RunningEmulator, startEmulator } from "../../emulator";
import { CLI, emulatorEnv, runCli } from "../support/cli";

describe("swr-repos", () => {
  let emulator: RunningEmulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    emulator = await startEmulator({ repos: 1200, seed: 3 });
    env = emulatorEnv(emulator);
  });
  beforeEach(() => emulator.resetStats());
  afterAll(() => emulator.close());

  test("list --format json prints every repository with camelCase fields", async () => {
    const result = await runCli(["list", "--format", "json"], env);
    expect(result.code).toBe(0);
    const repos = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(repos).toHaveLength(emulator.repositories().length);
    expect(Object.keys(repos[0]).sort()).toEqual(
      [
        "category",
        "createdAt",
        "description",
        "domainName",
        "internalPath",
        "isPublic",
        "logo",
        "name",
        "namespace",
        "numDownload",
        "numImages",
        "path",
        "size",
        "status",
        "tags",
        "updatedAt",
        "url",
      ].sort(),
    );
    expect(result.stderr).toBe("");
  });

  test("list with --limit and --offset prints that one page", async () => {
    const result = await runCli(
      [
        "list",
        "--format",
        "json",
        "--limit",
        "20",
        "--offset",
        "40",
        "--order-column",
        "name",
        "--order-type",
        "asc",
      ],
      env,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(20);
    expect(emulator.stats.listRequests).toBe(1);
  });

  test("list --filter and --format csv", async () => {
    const namespace = emulator.repositories()[0].namespace;
    const result = await runCli(
      ["list", "--filter", `namespace::${namespace}|category::linux`, "--format", "csv"],
      env,
    );
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^namespace,name,category,/);
    const expected = emulator
      .repositories()
      .filter((r) => r.namespace.includes(namespace) && r.category === "linux");
    expect(lines).toHaveLength(expected.length + 1);
  });

  test.each([
    [["list", "--namespace", "Bad_Name"], "--namespace"],
    [["list", "--limit", "10"], "--offset"],
    [["list", "--limit", "ten", "--offset", "0"], "--limit"],
    [["list", "--filter", "colour::red"], "--filter"],
    [["list", "--format", "yaml"], "--format"],
    [["list", "--bogus"], "arguments"],
  ])("%j exits 2 naming %s, and sends no request", async (args, field) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(field);
    expect(result.stdout).toBe("");
    expect(emulator.stats.requests).toBe(0);
  });

  test("an API failure exits 1 with the server's code and request id, and no secret", async () => {
    const result = await runCli(["list"], { ...env, HW_SECRET_KEY: "not-the-secret" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/APIG\.0301/);
    expect(result.stderr).toMatch(/request id [0-9a-f]{32}/);
    expect(result.stderr).not.toContain("not-the-secret");
    expect(emulator.stats.requests).toBe(1);
  });

  test("an unreachable endpoint exits 1 with a network error", async () => {
    const result = await runCli(["list"], { ...env, HW_SWR_ENDPOINT: "http://127.0.0.1:1" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ECONNREFUSED/);
  }, 120_000);

  test("with nothing configured, list shows the built-in emulator's repositories", async () => {
    const result = await runCli(["list", "--format", "json"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/built-in emulator/);
    expect(JSON.parse(result.stdout).length).toBeGreaterThan(0);
  });

  test("--debug logs each request with secrets redacted", async () => {
    const result = await runCli(["list", "--debug", "--limit", "5", "--offset", "0"], {
      ...env,
      HW_SECURITY_TOKEN: "temporary-security-token",
    });
    expect(result.stderr).toMatch(
      /swr: → GET http:\/\/127\.0\.0\.1:\d+\/v2\/manage\/repos\?limit=5&offset=0/,
    );
    expect(result.stderr).toMatch(/"Authorization":"\[redacted\]"/);
    expect(result.stderr).toMatch(/"X-Security-Token":"\[redacted\]"/);
    for (const secret of [emulator.secretKey, "temporary-security-token"]) {
      expect(result.stderr).not.toContain(secret);
      expect(result.stdout).not.toContain(secret);
    }
  });

  test("Ctrl-C during a listing exits promptly with 130", async () => {
    emulator.configure({ latencyMs: 2000 });
    const child = spawn(process.execPath, [CLI, "list"], { env: { PATH: process.env.PATH ?? "", ...env } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    while (emulator.stats.listRequests === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.kill("SIGINT");
    const code = await exited;
    emulator.configure({ latencyMs: 0 });
    expect(code).toBe(130); // the 2 s listing did not run to its end
    expect(stderr).toContain("interrupted");
  });

  test("the emulator's modules load only when the CLI falls back to the built-in emulator", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "swr-cli-probe-"));
    const probe = path.join(dir, "probe.js");
    const emulatorDir = path.join(path.dirname(CLI), "..", "emulator") + path.sep;
    // Preloaded into the CLI's process: says at exit whether it loaded any module of the emulator.
    fs.writeFileSync(
      probe,
      `process.on("exit", () => process.stderr.write("emulator loaded: " + ` +
        `Object.keys(require.cache).some((file) => file.startsWith(${JSON.stringify(emulatorDir)})) + "\\n"));`,
    );
    const probed = { NODE_OPTIONS: `--require ${JSON.stringify(probe)}` };
    try {
      const page = ["list", "--limit", "5", "--offset", "0"];
      const configured = await runCli(page, { ...env, ...probed });
      expect(configured.code).toBe(0);
      expect(configured.stderr).toBe("emulator loaded: false\n");
      expect((await runCli(["--help"], probed)).stderr).toBe("emulator loaded: false\n");
      expect((await runCli(["emulator", "--help"], probed)).stderr).toBe("emulator loaded: false\n");
      const fallback = await runCli(page, probed);
      expect(fallback.code).toBe(0);
      expect(fallback.stderr).toMatch(/built-in emulator[^]*emulator loaded: true\n$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("--help, a bad flag and the emulator start without the client (undici), the rules (zod) or the listing engine", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "swr-cli-probe-"));
    const probe = path.join(dir, "probe.js");
    const engine = path.join(path.dirname(CLI), "..", "sdk", "client", "listing") + path.sep;
    // Preloaded into the CLI's process: names at exit which of the heavy modules it loaded.
    fs.writeFileSync(
      probe,
      `process.on("exit", () => { const files = Object.keys(require.cache); process.stderr.write("loaded: " + ` +
        `[["undici", "/node_modules/undici/"], ["zod", "/node_modules/zod/"], ["engine", ${JSON.stringify(engine)}]]` +
        `.filter(([, dir]) => files.some((file) => file.includes(dir))).map(([name]) => name).join(",") + "\\n"); });`,
    );
    const probed = { NODE_OPTIONS: `--require ${JSON.stringify(probe)}` };
    try {
      const help = await runCli(["--help"], probed);
      expect(help.code).toBe(0);
      expect(help.stderr).toBe("loaded: \n");
      const badFlag = await runCli(["list", "--nmespace", "x"], probed);
      expect(badFlag.code).toBe(2);
      expect(badFlag.stderr).toMatch(/--nmespace[^]*\nloaded: \n$/);
      const child = spawn(process.execPath, [CLI, "emulator", "--repos", "3"], {
        env: { PATH: process.env.PATH ?? "", ...probed },
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      await new Promise((resolve) =>
        createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", resolve),
      );
      const exited = new Promise((resolve) => child.on("close", resolve));
      child.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(stderr).toBe("loaded: \n");
      // The probe sees them when they are loaded: a listing loads all three.
      expect((await runCli(["list", "--limit", "5", "--offset", "0"], { ...env, ...probed })).stderr).toBe(
        "loaded: undici,zod,engine\n",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("unknown commands exit 2", async () => {
    const result = await runCli(["lsit"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command "lsit"/);
  });

  test("emulator prints its URL and credentials first, serves them, and stops on SIGINT", async () => {
    const child: ChildProcess = spawn(process.execPath, [CLI, "emulator", "--repos", "30", "--seed", "9"], {
      env: { PATH: process.env.PATH ?? "" },
    });
    const first = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", resolve),
    );
    const info = JSON.parse(first) as { url: string; accessKey: string; secretKey: string; token: string };
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const listed = await runCli(["list", "--format", "json"], emulatorEnv(info));
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(30);
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  });

  test("emulator --security-token requires that token of AK/SK requests, as temporary credentials", async () => {
    const securityToken = "cli-temporary-security-token";
    const child: ChildProcess = spawn(
      process.execPath,
      [CLI, "emulator", "--repos", "12", "--seed", "5", "--security-token", securityToken],
      { env: { PATH: process.env.PATH ?? "" } },
    );
    try {
      const first = await new Promise<string>((resolve) =>
        createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", resolve),
      );
      const info = JSON.parse(first) as Record<
        "url" | "accessKey" | "secretKey" | "token" | "securityToken",
        string
      >;
      expect(Object.keys(info).sort()).toEqual(["accessKey", "secretKey", "securityToken", "token", "url"]);
      expect(info.securityToken).toBe(securityToken);
      const temporary = { ...emulatorEnv(info), HW_SECURITY_TOKEN: securityToken };
      const listed = await runCli(["list", "--format", "json"], temporary);
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout)).toHaveLength(12);
      const withoutToken = await runCli(["list"], emulatorEnv(info));
      expect(withoutToken.code).toBe(1);
      expect(withoutToken.stderr).toMatch(/401 APIG\.0301/);
      const wrongToken = await runCli(["list"], { ...temporary, HW_SECURITY_TOKEN: "another-token" });
      expect(wrongToken.code).toBe(1);
      expect(wrongToken.stderr).toMatch(/401 APIG\.0301/);
      // An IAM token needs no security token.
      const iam = await runCli(["list"], { HW_SWR_ENDPOINT: info.url, HW_AUTH_TOKEN: info.token });
      expect(iam.code).toBe(0);
    } finally {
      const exited = new Promise((resolve) => child.on("close", resolve));
      child.kill("SIGINT");
      await exited;
    }
  });

  test("emulator --security-token '' exits 2 naming the flag", async () => {
    const result = await runCli(["emulator", "--security-token", ""]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--security-token.*must not be empty/);
    expect(result.stdout).toBe("");
  });

  test("emulator --fault-kinds takes every kind the emulator knows, and names the ones it does not", async () => {
    const result = await runCli(["emulator", "--fault-kinds", "chunked-cut,trickle,gremlins"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /--fault-kinds: must name kinds from .*short-length.*endless.*; unknown: gremlins\n/,
    );
    expect(result.stdout).toBe("");
  });

  test("emulator --help documents --security-token", async () => {
    const result = await runCli(["emulator", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("[--security-token ST]");
  });
});
