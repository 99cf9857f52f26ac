/**
 * Flags the CLI refuses before any request: repeated, empty, a `--ca-bundle` without a certificate, an
 * unbindable `--host`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../emulator";
import { emulatorEnv, runCli } from "../support/cli";

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
