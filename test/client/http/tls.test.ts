import { readFileSync } from "node:fs";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../../emulator";
import { SwrClient, SwrNetworkError } from "../../../sdk/client";
import { runCli } from "../../support/cli";
import { TLS_FIXTURES } from "../../support/fixtures";

const CERT_FILE = path.join(TLS_FIXTURES, "cert.pem");
const cert = readFileSync(CERT_FILE, "utf8");
const key = readFileSync(path.join(TLS_FIXTURES, "key.pem"), "utf8");

describe("HTTPS with certificate verification", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ repos: 300, seed: 5, tls: { cert, key } });
  });
  beforeEach(() => emulator.resetStats());
  afterAll(() => emulator.close());

  function client(ca?: string): SwrClient {
    return new SwrClient({
      endpoint: emulator.url,
      accessKey: emulator.accessKey,
      secretKey: emulator.secretKey,
      env: {},
      transport: ca ? { ca } : {},
    });
  }

  test("a self-signed server is refused by default, once, with a hint about the CA bundle", async () => {
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const c = client();
    const error = await c.listRepositories().catch((e: unknown) => e);
    await c.close();
    expect(error).toBeInstanceOf(SwrNetworkError);
    expect((error as SwrNetworkError).retryable).toBe(false);
    expect((error as Error).message).toMatch(/SELF_SIGNED|certificate/i);
    expect((error as Error).message).toMatch(/--ca-bundle/);
  });

  test("with the private CA's bundle the listing is complete", async () => {
    const c = client(cert);
    const listing = await c.listRepositories();
    await c.close();
    expect(listing.repositories).toHaveLength(300);
  });

  test("the CLI takes the bundle with --ca-bundle", async () => {
    const result = await runCli(["list", "--format", "json", "--ca-bundle", CERT_FILE], {
      HW_SWR_ENDPOINT: emulator.url,
      HW_AUTH_TOKEN: emulator.token,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(300);
  });
});

test("a certificate for another host name says so, not that the CA is untrusted", async () => {
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
