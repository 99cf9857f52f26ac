import { spawn } from "node:child_process";
import { once } from "node:events";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../../emulator";
import { resolveSettings, SwrClient, SwrInputError, SwrNetworkError } from "../../../sdk/client";
import { CLI, emulatorEnv, runCli } from "../../support/cli";
import { startPlugin } from "../../support/grpcPlugin";
import { PLUGIN_ENTRY, TLS_FIXTURES } from "../../support/fixtures";

const TLS = TLS_FIXTURES;
let emulator: RunningEmulator;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ repos: 5000, seed: 11 });
  env = emulatorEnv(emulator);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "swr-env-"));
});
beforeEach(() => emulator.resetStats());
afterAll(async () => {
  await emulator.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("credentials no header can carry", () => {
  const BAD = {
    "a CR LF": "AKIA\r\nX-Injected: 1",
    "a LF at the end": "value-from-a-file\n",
    "a tab": "tab\there",
    "an ESC": "esc\x1b[2J",
    "a non-Latin-1 character": "токен-value",
    "a space at the end": "trailing ",
  };

  test.each(Object.entries(BAD))(
    "%s in any credential is an input error naming it, never its value",
    (_what, bad) => {
      const cases: Array<[string, Record<string, string>]> = [
        ["accessKey", { accessKey: bad, secretKey: "sk-good-0123456789" }],
        ["secretKey", { accessKey: "AK-GOOD", secretKey: bad }],
        ["securityToken", { accessKey: "AK-GOOD", secretKey: "sk-good-0123456789", securityToken: bad }],
        ["authToken", { authToken: bad }],
        ["projectId", { authToken: "token-good", projectId: bad }],
      ];
      for (const [field, settings] of cases) {
        let error: unknown;
        try {
          resolveSettings({ endpoint: emulator.url, ...settings }, {});
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(SwrInputError);
        expect((error as SwrInputError).issues.map((i) => i.field)).toEqual([field]);
        expect((error as Error).message).not.toContain(bad.trim());
      }
    },
  );

  test("the CLI exits 2 before any request, naming the setting and its variable but not the value", async () => {
    const result = await runCli(["list"], { ...env, HW_SECRET_KEY: emulator.secretKey + "\r\n" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/secretKey: .*HW_SECRET_KEY/);
    expect(result.stderr).not.toContain(emulator.secretKey);
    expect(emulator.stats.requests).toBe(0);
  });

  test("the plugin answers with a failure naming the property", async () => {
    const plugin = await startPlugin(process.execPath, [PLUGIN_ENTRY], {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
    });
    try {
      const { failures } = await plugin.invoke("swr:index:getRepositories", {
        endpoint: emulator.url,
        authToken: "token\r\nX-Evil: 1",
      });
      expect(failures.map((f) => f.property)).toEqual(["authToken"]);
      expect(failures[0].reason).not.toContain("X-Evil");
      expect(emulator.stats.requests).toBe(0);
    } finally {
      await plugin.stop();
    }
  });
});

describe("stdout and signals", () => {
  test("stdout closed early (`swr-repos list | head`): exit 0, nothing on stderr", async () => {
    const child = spawn(process.execPath, [CLI, "list", "--format", "json"], {
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, "close")) as [number | null];
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  test("Ctrl-C while stdout is blocked (a pager that stopped reading) exits 130 at once", async () => {
    const child = spawn(process.execPath, [CLI, "list", "--format", "json"], {
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    // The listing is done once output starts; 5000 repositories are megabytes, far more than the
    // pipe holds, so the rest waits for a reader that never comes.
    await once(child.stdout, "readable");
    child.kill("SIGINT");
    const [code] = (await once(child, "close")) as [number | null];
    expect(code).toBe(130);
  });
});

describe("flags", () => {
  test.each([
    [["list", "--namespace", "a", "--namespace", "b"], "--namespace"],
    [["list", "--format", "json", "--format=csv"], "--format"],
    [["tags", "team-a/web", "--tag", "v1", "--tag", "v2"], "--tag"],
    [["list", "--endpoint", ""], "--endpoint"],
    [["list", "--region="], "--region"],
  ])("%j exits 2 naming %s, before any request", async (args, flag) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`invalid input: ${flag}:`);
    expect(emulator.stats.requests).toBe(0);
  });

  test("--ca-bundle must hold at least one certificate", async () => {
    const notPem = path.join(dir, "not.pem");
    fs.writeFileSync(notPem, "this is not a certificate\n");
    const garbled = path.join(dir, "garbled.pem");
    fs.writeFileSync(garbled, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    for (const file of [notPem, garbled, dir]) {
      const result = await runCli(["list", "--ca-bundle", file], env);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/invalid input: --ca-bundle: /);
    }
    expect(emulator.stats.requests).toBe(0);
  });

  test("`emulator --host` with an address it cannot bind exits 2 with one line", async () => {
    const result = await runCli(["emulator", "--host", "203.0.113.7"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^swr-repos: invalid input: --host: cannot listen on "203\.0\.113\.7".*\n$/,
    );
    expect(result.stderr.split("\n")).toHaveLength(2);
  });
});

test("a certificate for another host name says so, not that the CA is untrusted", async () => {
  const cert = fs.readFileSync(path.join(TLS, "cert.pem"), "utf8");
  const key = fs.readFileSync(path.join(TLS, "key.pem"), "utf8");
  // The certificate names 127.0.0.1 and localhost; 127.0.0.2 is loopback too, but another name.
  const other = await startEmulator({ repos: 1, host: "127.0.0.2", tls: { cert, key } });
  const client = new SwrClient({
    endpoint: other.url,
    authToken: other.token,
    env: {},
    transport: { ca: cert },
  });
  try {
    const error = await client.listRepositories().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwrNetworkError);
    expect((error as Error).message).toMatch(/the certificate is for another host name/);
    expect((error as Error).message).not.toMatch(/private CA/);
  } finally {
    await client.close();
    await other.close();
  }
});
