/** The CLI's stdout closed early (`swr-repos list | head`) and Ctrl-C while stdout is blocked. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { RunningEmulator, startEmulator } from "../../emulator";
import { CLI, emulatorEnv } from "../support/cli";

let emulator: RunningEmulator;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ repos: 5000, seed: 11 });
  env = emulatorEnv(emulator);
});
beforeEach(() => emulator.resetStats());
afterAll(() => emulator.close());

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
