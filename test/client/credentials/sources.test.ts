import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { RunningEmulator, startEmulator, WireRepository } from "../../../emulator";
import {
  Repository,
  resolveSettings,
  SwrApiError,
  SwrClient,
  SwrClientOptions,
  SwrCredentialsError,
  SwrInputError,
} from "../../../sdk/client";
import { KOOCLI_CONFIG } from "../../support/fixtures";

/** The KooCLI configuration fixture; its profiles' keys are the emulator's long-lived keys below. */
const PROFILE_KEYS = {
  accessKey: "KOOCLIDEVAK000000001",
  secretKey: "KooCliDevSecretKey0000000000000000000001",
};
const AGENCY = { HW_ASSUME_ROLE_AGENCY_NAME: "swr-readonly", HW_ASSUME_ROLE_DOMAIN_NAME: "platform-team" };
const noWait = () => Promise.resolve();

function keysOf(repos: ReadonlyArray<{ namespace: string; name: string }>): string[] {
  return repos.map((r) => `${r.namespace}/${r.name}`);
}

/** Every repository once, nothing else, in (namespace, name) order. */
function expectExactly(actual: readonly Repository[], expected: readonly WireRepository[]): void {
  expect(keysOf(actual)).toEqual(keysOf(expected));
}

/** A clock the test moves, shared by the client and the emulator. */
function manualClock(start = Date.UTC(2026, 11, 4, 6, 0, 0)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("credentials beyond static keys, against the emulator playing IAM and the metadata service", () => {
  let emulator: RunningEmulator;
  const clients: SwrClient[] = [];

  function client(env: NodeJS.ProcessEnv, options: SwrClientOptions = {}): SwrClient {
    const c = new SwrClient({ env: { HW_SWR_ENDPOINT: emulator.url, ...env }, sleep: noWait, ...options });
    clients.push(c);
    return c;
  }

  /** The access keys SWR saw, and how many requests each signed. */
  const accessKeysSeen = () => Object.keys(emulator.stats.byAccessKey).sort();

  beforeEach(async () => {
    // A fresh emulator per test: its port keys the process-wide cache of temporary credentials.
    emulator = await startEmulator({ repos: 1500, seed: 22, iam: true, ...PROFILE_KEYS });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await emulator.close();
  });

  test("a KooCLI profile picked by HW_PROFILE gives the keys; the listing is exact", async () => {
    const listing = await client({
      HW_SHARED_CONFIG_FILE: KOOCLI_CONFIG,
      HW_PROFILE: "dev",
    }).listRepositories();
    expectExactly(listing.repositories, emulator.repositories());
    expect(accessKeysSeen()).toEqual([PROFILE_KEYS.accessKey]);
  });

  test("the metadata service gives temporary credentials; SWR sees only the temporary AK", async () => {
    const listing = await client({ HW_ECS_METADATA_ENDPOINT: emulator.url }).listRepositories();
    expectExactly(listing.repositories, emulator.repositories());
    const issued = emulator.issuedCredentials();
    expect(issued.map((c) => c.issuedFor)).toEqual(["metadata"]);
    expect(accessKeysSeen()).toEqual([issued[0].accessKey]);
  });

  test("an assumed agency: IAM exchanges the keys, and only the agency's temporary AK reaches SWR", async () => {
    const listing = await client({
      HW_ACCESS_KEY: PROFILE_KEYS.accessKey,
      HW_SECRET_KEY: PROFILE_KEYS.secretKey,
      HW_AUTH_URL: `${emulator.url}/v3`,
      ...AGENCY,
    }).listRepositories();
    expectExactly(listing.repositories, emulator.repositories());
    const issued = emulator.issuedCredentials();
    expect(issued.map((c) => c.issuedFor)).toEqual(["agency platform-team/swr-readonly"]);
    expect(accessKeysSeen()).toEqual([issued[0].accessKey]);
  });

  test("a profile of mode agency assumes its agency with its own keys", async () => {
    const listing = await client({
      HW_SHARED_CONFIG_FILE: KOOCLI_CONFIG,
      HW_PROFILE: "ci-agency",
      HW_AUTH_URL: `${emulator.url}/v3`,
    }).listRepositories();
    expectExactly(listing.repositories, emulator.repositories());
    const issued = emulator.issuedCredentials();
    expect(issued.map((c) => c.issuedFor)).toEqual(["agency platform-team/swr-readonly"]);
    expect(accessKeysSeen()).toEqual([issued[0].accessKey]);
  });

  test("a profile of mode ecsAgency takes the instance's credentials from the metadata service", async () => {
    await client({
      HW_SHARED_CONFIG_FILE: KOOCLI_CONFIG,
      HW_PROFILE: "on-ecs",
      HW_ECS_METADATA_ENDPOINT: emulator.url,
    }).listRepositories({ limit: 5, offset: 0 });
    expect(emulator.issuedCredentials().map((c) => c.issuedFor)).toEqual(["metadata"]);
  });

  test("a listing that outlives its temporary credentials completes, with one refresh", async () => {
    const clock = manualClock();
    await emulator.close();
    emulator = await startEmulator({
      repos: 1500,
      seed: 22,
      iam: true,
      clock: clock.now,
      credentialSeconds: 3600,
    });
    let pages = 0;
    const listing = await client(
      { HW_ECS_METADATA_ENDPOINT: emulator.url },
      {
        clock: clock.now,
        concurrency: 1,
        paging: { pageSize: 100, prefetch: 1 },
      },
    ).listRepositories(
      {},
      // Half-way through, an hour and ten minutes pass: the first credentials have expired.
      { onProgress: () => void (++pages === 7 && clock.advance(70 * 60_000)) },
    );
    expectExactly(listing.repositories, emulator.repositories());
    const issued = emulator.issuedCredentials();
    expect(issued).toHaveLength(2);
    expect(accessKeysSeen()).toEqual(issued.map((c) => c.accessKey).sort());
    // Renewed before use: SWR never had to refuse an expired key.
    expect(emulator.stats.byStatus[401]).toBeUndefined();
  });

  test("temporary credentials the server refuses as expired are renewed once, and the request goes through", async () => {
    let pages = 0;
    const listing = await client(
      { HW_ECS_METADATA_ENDPOINT: emulator.url },
      { concurrency: 1, paging: { pageSize: 100, prefetch: 1 } },
    ).listRepositories(
      {},
      { onProgress: () => void (++pages === 3 && emulator.expireTemporaryCredentials()) },
    );
    expectExactly(listing.repositories, emulator.repositories());
    expect(emulator.issuedCredentials()).toHaveLength(2);
    expect(emulator.stats.byStatus[401]).toBe(1);
  });

  test("a 401 to temporary keys from the settings is not retried: they cannot be renewed", async () => {
    const issued = (await startIssuer()).issue;
    const error = await client({
      HW_ACCESS_KEY: issued.accessKey,
      HW_SECRET_KEY: issued.secretKey,
      HW_SECURITY_TOKEN: issued.securityToken,
    })
      .listRepositories()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwrApiError);
    expect((error as SwrApiError).statusCode).toBe(401);
    expect(emulator.stats.listRequests).toBe(1);
  });

  /** Credentials issued by the metadata service, then expired. */
  async function startIssuer() {
    const probe = client({ HW_ECS_METADATA_ENDPOINT: emulator.url }, { concurrency: 1 });
    await probe.listRepositories({ limit: 1, offset: 0 });
    emulator.expireTemporaryCredentials();
    emulator.resetStats();
    return { issue: emulator.issuedCredentials()[0] };
  }

  test("two clients of one source (a plugin serving two invokes) share the temporary credentials", async () => {
    const env = { HW_ECS_METADATA_ENDPOINT: emulator.url };
    await client(env).listRepositories({ limit: 10, offset: 0 });
    await client(env).listRepositories({ limit: 10, offset: 10 });
    expect(emulator.issuedCredentials()).toHaveLength(1);
  });

  test("temporary secrets never show in debug lines", async () => {
    const lines: string[] = [];
    await client(
      { HW_ECS_METADATA_ENDPOINT: emulator.url },
      { debug: (line) => lines.push(line) },
    ).listRepositories({
      limit: 10,
      offset: 0,
    });
    const [issued] = emulator.issuedCredentials();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain(issued.secretKey);
      expect(line).not.toContain(issued.securityToken);
    }
  });

  test("IAM refusing the base keys is an error naming IAM and the agency, after one attempt", async () => {
    const error = await client({
      HW_ACCESS_KEY: PROFILE_KEYS.accessKey,
      HW_SECRET_KEY: "WrongSecretKey00000000000000000000000000",
      HW_AUTH_URL: `${emulator.url}/v3`,
      ...AGENCY,
    })
      .listRepositories()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwrCredentialsError);
    expect((error as Error).message).toMatch(
      /IAM at http:\/\/127\.0\.0\.1:\d+ assuming agency "swr-readonly"/,
    );
    expect((error as Error).message).toContain("HTTP 401 APIG.0301");
    expect((error as Error).message).not.toContain("WrongSecretKey");
    expect(emulator.stats.listRequests).toBe(0);
    expect(emulator.stats.byStatus[401]).toBe(1);
  });
});

describe("the metadata service when it is not there", () => {
  test("a listing fails fast with an error naming every source tried, and never reaches SWR", async () => {
    const emulator = await startEmulator({ repos: 10 });
    const closed = await closedPort();
    const c = new SwrClient({
      env: { HW_SWR_ENDPOINT: emulator.url, HW_ECS_METADATA_ENDPOINT: `http://127.0.0.1:${closed}` },
    });
    try {
      const error = await c.listRepositories().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SwrCredentialsError);
      const message = (error as Error).message;
      expect(message).toContain(`the ECS metadata service at http://127.0.0.1:${closed}`);
      for (const tried of ["HW_ACCESS_KEY", "HW_AUTH_TOKEN", "HW_PROFILE", "ECONNREFUSED"])
        expect(message).toContain(tried);
      expect(emulator.stats.requests).toBe(0);
    } finally {
      await c.close();
      await emulator.close();
    }
  });

  test("a server that echoes temporary secrets in an error cannot make the client print them", async () => {
    const credential = {
      access: "TEMPAK00000000000001",
      secret: "TemporarySecretKey0000000000000000000001",
      securitytoken: "gQpjbi1ub3J0aC00EchoedSecurityToken0123456789",
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    };
    // One server plays the metadata service (no session tokens) and an SWR that quotes what it got.
    const server = http.createServer((req, res) => {
      if (req.method === "PUT") res.writeHead(404).end();
      else if (req.url?.startsWith("/openstack/")) res.end(JSON.stringify({ credential }));
      else {
        res.writeHead(400, { "Content-Type": "application/json" });
        res.end(
          JSON.stringify({
            error_code: "SVCSTG.SWR.4001025",
            error_msg: `bad request signed by ${credential.secret} with ${String(req.headers["x-security-token"])}`,
          }),
        );
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const c = new SwrClient({ endpoint: url, env: { HW_ECS_METADATA_ENDPOINT: url } });
    try {
      const error = await c.listRepositories().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SwrApiError);
      const message = (error as Error).message;
      expect(message).toContain("SVCSTG.SWR.4001025");
      expect(message).not.toContain(credential.secret);
      expect(message).not.toContain(credential.securitytoken.slice(0, 12));
    } finally {
      await c.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("a hostile metadata service", () => {
  test.each([
    ["a security token with a newline", { securitytoken: "gQpjbi1ub3J0aC00\r\nX-Injected: 1" }],
    ["an expiry that is not a date", { expires_at: "tomorrow" }],
    ["no secret", { secret: undefined }],
  ])("%s is an error naming the service, and SWR is never asked", async (_name, change) => {
    const emulator = await startEmulator({ repos: 10 });
    const credential = {
      access: "TEMPAK00000000000001",
      secret: "TemporarySecretKey0000000000000000000001",
      securitytoken: "gQpjbi1ub3J0aC00token",
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      ...change,
    };
    const server = http.createServer((req, res) => {
      if (req.method === "PUT") res.writeHead(405).end();
      else res.end(JSON.stringify({ credential }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const metadata = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const c = new SwrClient({ env: { HW_SWR_ENDPOINT: emulator.url, HW_ECS_METADATA_ENDPOINT: metadata } });
    try {
      const error = await c.listRepositories().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SwrCredentialsError);
      expect((error as SwrCredentialsError).source).toContain(`the ECS metadata service at ${metadata}`);
      expect(emulator.stats.requests).toBe(0);
    } finally {
      await c.close();
      await emulator.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("settings for the new sources, checked before any request", () => {
  const env = { HW_SHARED_CONFIG_FILE: KOOCLI_CONFIG };

  function issuesOf(run: () => unknown): string[] {
    try {
      run();
    } catch (error) {
      if (error instanceof SwrInputError) return error.issues.map((i) => `${i.field}: ${i.rule}`);
      throw error;
    }
    throw new Error("no input error");
  }

  test("a profile's region and project id apply where nothing more explicit gives them", () => {
    const fromProfile = resolveSettings({}, { ...env, HW_PROFILE: "dev" });
    expect(fromProfile.endpoint.href).toBe("https://swr-api.ap-southeast-3.myhuaweicloud.com/");
    expect(fromProfile.projectId).toBe("0a1b2c3d4e5f60718293a4b5c6d7e8f9");
    const explicit = resolveSettings(
      { region: "eu-west-101", projectId: "p1" },
      { ...env, HW_PROFILE: "dev" },
    );
    expect(explicit.endpoint.href).toBe("https://swr-api.eu-west-101.myhuaweicloud.eu/");
    expect(explicit.projectId).toBe("p1");
  });

  test("without HW_PROFILE the file's current profile is used", () => {
    const settings = resolveSettings({}, env);
    expect(settings.credentials).toMatchObject({
      kind: "fixed",
      credentials: { accessKey: PROFILE_KEYS.accessKey },
    });
  });

  test("a profile named explicitly wins over keys in the environment; keys in the environment win over HW_PROFILE", () => {
    const keys = { HW_ACCESS_KEY: "ENVAK000000000000001", HW_SECRET_KEY: "EnvSecret" };
    const named = resolveSettings({ profile: "dev" }, { ...env, ...keys });
    expect(named.credentials).toMatchObject({ credentials: { accessKey: PROFILE_KEYS.accessKey } });
    const ambient = resolveSettings({}, { ...env, ...keys, HW_PROFILE: "dev" });
    expect(ambient.credentials).toMatchObject({ credentials: { accessKey: "ENVAK000000000000001" } });
  });

  test.each([
    [
      "a missing file",
      { HW_SHARED_CONFIG_FILE: "/nonexistent/config.json", HW_PROFILE: "dev" },
      /sharedConfigFile: cannot read \/nonexistent\/config.json \(ENOENT\) for profile "dev"/,
    ],
    [
      "a missing profile",
      { ...env, HW_PROFILE: "prod" },
      /profile: no profile "prod" in .*config.json; it has "dev", "ci-agency"/,
    ],
    [
      "an encrypted profile",
      { ...env, HW_PROFILE: "encrypted" },
      /profile "encrypted" in .*config.json: .*--cli-auth-encrypt=false/,
    ],
    ["an SSO profile", { ...env, HW_PROFILE: "sso-user" }, /profile "sso-user" .*mode SSO/],
    ["a token profile", { ...env, HW_PROFILE: "iam-token" }, /profile "iam-token" .*mode token/],
    ["an unknown mode", { ...env, HW_PROFILE: "odd" }, /profile "odd" .*mode "password" is unknown/],
  ])("%s is an input error naming the file and the profile", (_name, variables, message) => {
    expect(issuesOf(() => new SwrClient({ env: variables })).join("\n")).toMatch(message);
  });

  test("HW_CLOUD and the eu-west-1xx regions give the endpoint's domain", () => {
    expect(resolveSettings({ region: "eu-west-102", authToken: "t" }, {}).endpoint.host).toBe(
      "swr-api.eu-west-102.myhuaweicloud.eu",
    );
    expect(
      resolveSettings({ region: "ap-southeast-1", authToken: "t" }, { HW_CLOUD: "example.cloud" }).endpoint
        .host,
    ).toBe("swr-api.ap-southeast-1.example.cloud");
    expect(
      issuesOf(() =>
        resolveSettings({ region: "ap-southeast-1", cloud: "not a domain", authToken: "t" }, {}),
      ),
    ).toEqual(["cloud: must be a domain name such as myhuaweicloud.com"]);
  });

  test("assuming an agency: IAM's URL from region and cloud, and every missing or wrong setting named", () => {
    const settings = resolveSettings({ region: "ap-southeast-1", authToken: "t" }, AGENCY);
    expect(settings.credentials).toMatchObject({
      kind: "assumeRole",
      role: { agencyName: "swr-readonly", domainName: "platform-team" },
    });
    expect(settings.credentials.kind === "assumeRole" && settings.credentials.role.authUrl.href).toBe(
      "https://iam.ap-southeast-1.myhuaweicloud.com/v3",
    );
    // An endpoint without a region would build iam..myhuaweicloud.com: say which setting is missing.
    expect(
      issuesOf(() => resolveSettings({ endpoint: "https://swr.example.com", authToken: "t" }, AGENCY)),
    ).toEqual([expect.stringMatching(/^authUrl: is required to assume an agency when no region is set/)]);
    expect(
      issuesOf(() =>
        resolveSettings(
          {
            region: "ap-southeast-1",
            authToken: "t",
            assumeRoleAgencyName: "a",
            assumeRoleDurationSeconds: "60",
          },
          {},
        ),
      ),
    ).toEqual([
      "assumeRoleDomainName: is required with assumeRoleAgencyName (HW_ASSUME_ROLE_DOMAIN_NAME)",
      "assumeRoleDurationSeconds: must be a whole number of seconds from 900 to 86400",
    ]);
  });
});
