import { readFileSync } from "node:fs";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../../emulator";
import { SwrClient, SwrClientOptions, SwrInputError, SwrNetworkError } from "../../../sdk/client";
import { runCli } from "../../support/cli";
import { startProxy, TestProxy } from "../../support/proxies";
import { TLS_FIXTURES } from "../../support/fixtures";

const cert = readFileSync(path.join(TLS_FIXTURES, "cert.pem"), "utf8");
const key = readFileSync(path.join(TLS_FIXTURES, "key.pem"), "utf8");

const REPOS = 300;
const PASSWORD = "s3cr:t@pass";
const USER = "alice";
/** The password as it sits in a URL's userinfo. */
const PROXY_USERINFO = `${USER}:${encodeURIComponent(PASSWORD)}`;

function withCredentials(proxy: TestProxy, userinfo = PROXY_USERINFO): string {
  return `http://${userinfo}@127.0.0.1:${proxy.port}`;
}

async function list(emulator: RunningEmulator, options: Partial<SwrClientOptions>) {
  const client = new SwrClient({
    endpoint: emulator.url,
    authToken: emulator.token,
    env: {},
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
  try {
    return await client.listRepositories();
  } finally {
    await client.close();
  }
}

async function failure(emulator: RunningEmulator, options: Partial<SwrClientOptions>): Promise<Error> {
  const error = await list(emulator, options).then(
    () => new Error("the listing succeeded"),
    (e: unknown) => e as Error,
  );
  return error;
}

describe("plain HTTP through a forward proxy", () => {
  let emulator: RunningEmulator;
  let proxy: TestProxy;
  beforeAll(async () => {
    emulator = await startEmulator({ repos: REPOS, seed: 21 });
  });
  beforeEach(async () => {
    proxy = await startProxy();
  });
  afterEach(() => proxy.close());
  afterAll(() => emulator.close());

  test("the explicit proxy option carries every request, in absolute form, to the emulator", async () => {
    const listing = await list(emulator, { proxy: proxy.url });
    expect(listing.repositories).toHaveLength(REPOS);
    expect(proxy.forwarded.length).toBe(listing.stats.requests);
    for (const url of proxy.forwarded) expect(url.startsWith(`${emulator.url}/v2/manage/repos?`)).toBe(true);
    expect(proxy.tunnels).toEqual([]);
  });

  test.each(["HTTP_PROXY", "http_proxy"])(
    "%s from the environment is used, loopback included",
    async (name) => {
      const listing = await list(emulator, { env: { [name]: proxy.url } });
      expect(listing.repositories).toHaveLength(REPOS);
      expect(proxy.forwarded.length).toBe(listing.stats.requests);
    },
  );

  test("a bare host:port is read as http://, as curl reads it", async () => {
    const listing = await list(emulator, { env: { HTTP_PROXY: `127.0.0.1:${proxy.port}` } });
    expect(listing.repositories).toHaveLength(REPOS);
    expect(proxy.forwarded.length).toBe(listing.stats.requests);
  });

  test.each([
    ["the host", "127.0.0.1"],
    ["the host and its port", () => `127.0.0.1:${new URL(emulator.url).port}`],
    ["a wildcard", "*"],
    ["the host among others", "example.com, .internal,127.0.0.1"],
  ])("NO_PROXY naming %s goes direct", async (_what, entry) => {
    const noProxy = typeof entry === "function" ? entry() : entry;
    const listing = await list(emulator, { env: { HTTP_PROXY: proxy.url, NO_PROXY: noProxy } });
    expect(listing.repositories).toHaveLength(REPOS);
    expect(proxy.forwarded).toEqual([]);
  });

  test("NO_PROXY naming another port or another host still goes through the proxy", async () => {
    const listing = await list(emulator, {
      env: { HTTP_PROXY: proxy.url, no_proxy: "127.0.0.1:1,localhost,example.com" },
    });
    expect(listing.repositories).toHaveLength(REPOS);
    expect(proxy.forwarded.length).toBe(listing.stats.requests);
  });

  test("the explicit option wins over HTTP_PROXY, and NO_PROXY still applies to it", async () => {
    const other = await startProxy();
    try {
      const listing = await list(emulator, { proxy: proxy.url, env: { HTTP_PROXY: other.url } });
      expect(listing.repositories).toHaveLength(REPOS);
      expect(other.forwarded).toEqual([]);
      expect(proxy.forwarded.length).toBe(listing.stats.requests);
      proxy.forwarded.length = 0;
      await list(emulator, { proxy: proxy.url, env: { NO_PROXY: "127.0.0.1" } });
      expect(proxy.forwarded).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe("proxy authentication", () => {
  let emulator: RunningEmulator;
  let proxy: TestProxy;
  const expected = "Basic " + Buffer.from(`${USER}:${PASSWORD}`).toString("base64");
  beforeAll(async () => {
    emulator = await startEmulator({ repos: REPOS, seed: 22 });
    proxy = await startProxy({ credentials: { user: USER, password: PASSWORD } });
  });
  beforeEach(() => {
    proxy.forwarded.length = 0;
    proxy.authorizations.length = 0;
  });
  afterAll(async () => {
    await proxy.close();
    await emulator.close();
  });

  test("credentials in the proxy URL are sent as Proxy-Authorization", async () => {
    const listing = await list(emulator, { proxy: withCredentials(proxy) });
    expect(listing.repositories).toHaveLength(REPOS);
    expect(new Set(proxy.authorizations)).toEqual(new Set([expected]));
  });

  test("a 407 names the proxy, never its credentials, and is not retried", async () => {
    const lines: string[] = [];
    const error = await failure(emulator, {
      proxy: withCredentials(proxy, `${USER}:wrong-${encodeURIComponent(PASSWORD)}`),
      debug: (line) => lines.push(line),
    });
    expect(error).toBeInstanceOf(SwrNetworkError);
    expect((error as SwrNetworkError).retryable).toBe(false);
    expect(error.message).toBe(
      `proxy http://[redacted]@127.0.0.1:${proxy.port} refused the request: 407 Proxy Authentication Required ` +
        "(check the user and password in the proxy URL)",
    );
    expect(proxy.forwarded).toHaveLength(1);
    for (const text of [error.message, ...lines]) {
      expect(text).not.toContain("wrong");
      expect(text).not.toContain(encodeURIComponent(PASSWORD));
      expect(text).not.toContain(USER);
    }
  });
});

describe("HTTPS through a CONNECT proxy", () => {
  let emulator: RunningEmulator;
  let port: string;
  beforeAll(async () => {
    emulator = await startEmulator({ repos: REPOS, seed: 23, tls: { cert, key } });
    port = new URL(emulator.url).port;
  });
  afterAll(() => emulator.close());

  test("HTTPS_PROXY tunnels to the endpoint, and the private CA bundle verifies it inside the tunnel", async () => {
    const proxy = await startProxy();
    try {
      const listing = await list(emulator, { env: { HTTPS_PROXY: proxy.url }, transport: { ca: cert } });
      expect(listing.repositories).toHaveLength(REPOS);
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      expect(new Set(proxy.tunnels)).toEqual(new Set([`127.0.0.1:${port}`]));
      expect(proxy.forwarded).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  test("without the bundle the endpoint's certificate is refused through the tunnel too", async () => {
    const proxy = await startProxy();
    try {
      const error = await failure(emulator, { proxy: proxy.url });
      expect(error).toBeInstanceOf(SwrNetworkError);
      expect((error as SwrNetworkError).retryable).toBe(false);
      expect(error.message).toMatch(/certificate|SELF_SIGNED/i);
      expect(proxy.tunnels).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  test("an authenticating CONNECT proxy gets the credentials", async () => {
    const proxy = await startProxy({ credentials: { user: USER, password: PASSWORD } });
    try {
      const listing = await list(emulator, { proxy: withCredentials(proxy), transport: { ca: cert } });
      expect(listing.repositories).toHaveLength(REPOS);
      expect(proxy.authorizations.length).toBeGreaterThan(0);
      expect(new Set(proxy.authorizations)).toEqual(
        new Set(["Basic " + Buffer.from(`${USER}:${PASSWORD}`).toString("base64")]),
      );
    } finally {
      await proxy.close();
    }
  });

  test("a proxy that refuses the tunnel fails with an error naming the proxy, once", async () => {
    const proxy = await startProxy({ refuseWith: 403 });
    try {
      const error = await failure(emulator, { proxy: withCredentials(proxy), transport: { ca: cert } });
      expect(error).toBeInstanceOf(SwrNetworkError);
      expect((error as SwrNetworkError).retryable).toBe(false);
      expect(error.message).toBe(
        `proxy http://[redacted]@127.0.0.1:${proxy.port} refused to connect to 127.0.0.1:${port}: HTTP 403`,
      );
      expect(proxy.tunnels).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  test("a proxy that cannot be reached is named, and retried like any connection failure", async () => {
    const proxy = await startProxy();
    await proxy.close();
    const error = await failure(emulator, { proxy: withCredentials(proxy), transport: { ca: cert } });
    expect(error).toBeInstanceOf(SwrNetworkError);
    expect((error as SwrNetworkError).retryable).toBe(true);
    expect(error.message).toMatch(
      new RegExp(`^could not reach proxy http://\\[redacted\\]@127\\.0\\.0\\.1:${proxy.port}: ECONNREFUSED`),
    );
    expect(error.message).not.toContain(USER);
  });
});

describe("proxy settings are checked before any request", () => {
  test.each([
    ["a path", "http://proxy.example.com:3128/path"],
    ["another scheme", "ftp://proxy.example.com"],
    ["a query", "http://proxy.example.com:3128/?a=b"],
    ["no host", "http://"],
  ])("a proxy with %s is refused, naming the setting", (_what, proxy) => {
    const build = () =>
      new SwrClient({ endpoint: "https://swr.example.com", authToken: "t", env: {}, proxy });
    expect(build).toThrow(SwrInputError);
    expect(build).toThrow(/^proxy: must be a proxy URL such as http:\/\/proxy\.example\.com:3128/);
  });

  test("a malformed HTTPS_PROXY is named, and its password never echoed", () => {
    const env = { HTTPS_PROXY: `http://${PROXY_USERINFO}@proxy.example.com:3128/some/path` };
    let error: unknown;
    try {
      new SwrClient({ endpoint: "https://swr.example.com", authToken: "t", env });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SwrInputError);
    expect((error as SwrInputError).issues.map((i) => i.field)).toEqual(["HTTPS_PROXY"]);
    expect((error as Error).message).not.toContain(encodeURIComponent(PASSWORD));
  });
});

describe("the CLI's --proxy", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ repos: REPOS, seed: 24 });
  });
  afterAll(() => emulator.close());

  test("--proxy sends the listing through the proxy", async () => {
    const proxy = await startProxy({ credentials: { user: USER, password: PASSWORD } });
    try {
      const result = await runCli(["list", "--format", "json", "--proxy", withCredentials(proxy)], {
        HW_SWR_ENDPOINT: emulator.url,
        HW_AUTH_TOKEN: emulator.token,
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toHaveLength(REPOS);
      expect(proxy.forwarded.length).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  });

  test("a malformed --proxy exits 2 naming the setting, the password never printed", async () => {
    const result = await runCli(["list", "--proxy", `http://${PROXY_USERINFO}@proxy:3128/x`], {
      HW_SWR_ENDPOINT: emulator.url,
      HW_AUTH_TOKEN: emulator.token,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/proxy: must be a proxy URL/);
    expect(result.stderr + result.stdout).not.toContain(encodeURIComponent(PASSWORD));
  });
});
