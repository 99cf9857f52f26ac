/**
 * Credentials no HTTP header can carry (CR, LF, tab, ESC, non-Latin-1, a trailing space): an input
 * error naming the setting, never its value, from the library, the CLI and the plugin, before any request.
 */
import { RunningEmulator, startEmulator } from "../../../emulator";
import { resolveSettings, SwrInputError } from "../../../sdk/client";
import { emulatorEnv, runCli } from "../../support/cli";
import { startPlugin } from "../../support/grpcPlugin";
import { PLUGIN_ENTRY } from "../../support/fixtures";

let emulator: RunningEmulator;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ repos: 5000, seed: 11 });
  env = emulatorEnv(emulator);
});
beforeEach(() => emulator.resetStats());
afterAll(() => emulator.close());

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

  test("a bad value the chosen credentials do not use is no reason to stop", () => {
    const withKeys = { endpoint: emulator.url, accessKey: "AK-GOOD", secretKey: "sk-good-0123456789" };
    expect(() => resolveSettings(withKeys, { HW_AUTH_TOKEN: "stale\n" })).not.toThrow();
    const withToken = { endpoint: emulator.url, authToken: "token-good" };
    expect(() => resolveSettings(withToken, { HW_SECRET_KEY: "stale\n" })).not.toThrow();
    // The project id goes with either kind.
    expect(() => resolveSettings(withToken, { HW_PROJECT_ID: "stale\n" })).toThrow(SwrInputError);
  });

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
