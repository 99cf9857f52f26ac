import { RunningEmulator, startEmulator } from "../../emulator";
import { runCli } from "../support/cli";
import { KOOCLI_CONFIG } from "../support/fixtures";

/** The KooCLI configuration fixture; its keys are the emulator's long-lived keys. */
const PROFILE_KEYS = {
  accessKey: "KOOCLIDEVAK000000001",
  secretKey: "KooCliDevSecretKey0000000000000000000001",
};

describe("swr-repos list with credentials only from a profile, the metadata service or an assumed agency", () => {
  let emulator: RunningEmulator;

  beforeEach(async () => {
    emulator = await startEmulator({ repos: 700, seed: 23, iam: true, ...PROFILE_KEYS });
  });
  afterEach(() => emulator.close());

  /** Lists with the CLI and checks the listing is exactly the emulator's set; returns the access keys SWR saw. */
  async function listExactly(args: string[], env: Record<string, string>): Promise<string[]> {
    const result = await runCli(["list", "--format", "json", ...args], {
      HW_SWR_ENDPOINT: emulator.url,
      ...env,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const listed = (JSON.parse(result.stdout) as Array<{ namespace: string; name: string }>).map(
      (r) => `${r.namespace}/${r.name}`,
    );
    expect(listed).toEqual(emulator.repositories().map((r) => `${r.namespace}/${r.name}`));
    return Object.keys(emulator.stats.byAccessKey);
  }

  test("(a) a KooCLI profile picked by HW_PROFILE", async () => {
    const seen = await listExactly([], { HW_SHARED_CONFIG_FILE: KOOCLI_CONFIG, HW_PROFILE: "dev" });
    expect(seen).toEqual([PROFILE_KEYS.accessKey]);
  });

  test("(a) a KooCLI profile picked by --profile", async () => {
    const seen = await listExactly(["--profile", "dev"], { HW_SHARED_CONFIG_FILE: KOOCLI_CONFIG });
    expect(seen).toEqual([PROFILE_KEYS.accessKey]);
  });

  test("(b) the metadata service: SWR sees only the temporary AK", async () => {
    const seen = await listExactly([], { HW_ECS_METADATA_ENDPOINT: emulator.url });
    expect(seen).toEqual(emulator.issuedCredentials().map((c) => c.accessKey));
    expect(seen).toHaveLength(1);
  });

  test("(c) an agency assumed with a profile's keys: SWR sees only the agency's temporary AK", async () => {
    const seen = await listExactly([], {
      HW_SHARED_CONFIG_FILE: KOOCLI_CONFIG,
      HW_PROFILE: "dev",
      HW_ASSUME_ROLE_AGENCY_NAME: "swr-readonly",
      HW_ASSUME_ROLE_DOMAIN_NAME: "platform-team",
      HW_AUTH_URL: `${emulator.url}/v3`,
    });
    const issued = emulator.issuedCredentials();
    expect(issued.map((c) => c.issuedFor)).toEqual(["agency platform-team/swr-readonly"]);
    expect(seen).toEqual([issued[0].accessKey]);
  });

  test("a profile that cannot be read exits 2 naming the file and the profile, before any request", async () => {
    const result = await runCli(["list"], {
      HW_SWR_ENDPOINT: emulator.url,
      HW_SHARED_CONFIG_FILE: KOOCLI_CONFIG,
      HW_PROFILE: "encrypted",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`the KooCLI profile "encrypted" in ${KOOCLI_CONFIG}`);
    expect(emulator.stats.requests).toBe(0);
  });

  test("with nothing configured at all, the built-in emulator still answers", async () => {
    const result = await runCli(["list", "--format", "json", "--limit", "3", "--offset", "0"], {});
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("using the built-in emulator");
    expect(JSON.parse(result.stdout)).toHaveLength(3);
  });
});
