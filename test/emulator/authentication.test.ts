/**
 * The emulator's authentication: IAM tokens, AK/SK signatures (ours and the official signer's), security
 * tokens; refusals before any fault.
 */
import { canonicalRequest, computeSignature, formatSdkDate } from "../../sdk/client/http/akskSignature";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { officialAuthorization, useTemporaryHome } from "../support/officialSdk";
import { failure, get, LIST, signed } from "./requests";

describe("authentication", () => {
  useTemporaryHome();
  const now = Date.UTC(2025, 0, 15, 12, 0, 0);
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ repos: 50, clock: () => now, faultRate: 1 });
  });
  afterAll(() => emulator.close());

  async function expectRefused(res: Response): Promise<void> {
    const reply = await failure(res);
    expect(reply.status).toBe(401);
    expect(reply.code).toBe("APIG.0301");
    const body = reply.body as Record<string, unknown>;
    expect(body.error_msg).toMatch(/^Incorrect IAM authentication information: /);
    expect(body.request_id).toBe(reply.headers.get("x-request-id"));
  }

  // faultRate 1 on this emulator: a refused request must fail with 401, never with a fault.
  it("refuses missing or wrong credentials with 401 APIG.0301, before any fault", async () => {
    await expectRefused(await get(emulator, LIST));
    await expectRefused(await get(emulator, LIST, { "X-Auth-Token": "MIIT-wrong" }));
    expect(emulator.stats.faultsInjected).toBe(0);
  });

  describe("with faults off", () => {
    beforeAll(() => emulator.configure({ faultRate: 0 }));
    const date = new Date(now);

    it("accepts the IAM token", async () => {
      expect((await get(emulator, LIST, { "X-Auth-Token": emulator.token })).status).toBe(200);
    });

    it("accepts a request signed with our signer, including encoded query values", async () => {
      const query = new URLSearchParams({
        filter: "name::team/|limit::100|offset::0",
        name: "a b+c",
      }).toString();
      const path = `${LIST}?${query}`;
      const res = await get(emulator, path, signed(emulator, path, { date }));
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    });

    it("accepts a request signed by Huawei's official SDK signer", async () => {
      const query: Array<[string, string]> = [
        ["filter", "name::team/|limit::100|offset::0"],
        ["order_column", "name"],
        ["order_type", "asc"],
      ];
      const url = new URL(emulator.url + LIST);
      const headers = { "X-Sdk-Date": formatSdkDate(date), "X-Project-Id": "0123456789abcdef" };
      const authorization = await officialAuthorization(
        { method: "GET", url: url.href, query, headers },
        { accessKey: emulator.accessKey, secretKey: emulator.secretKey },
      );
      const res = await get(emulator, `${LIST}?${new URLSearchParams(query).toString()}`, {
        ...headers,
        Authorization: authorization,
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    });

    it("accepts a date 14 minutes off and refuses one 16 minutes off", async () => {
      const path = `${LIST}?limit=10&offset=0`;
      const near = await get(emulator, path, signed(emulator, path, { date: new Date(now - 14 * 60_000) }));
      expect(near.status).toBe(200);
      await near.arrayBuffer();
      await expectRefused(
        await get(emulator, path, signed(emulator, path, { date: new Date(now + 16 * 60_000) })),
      );
      await expectRefused(
        await get(emulator, path, signed(emulator, path, { date: new Date(now - 16 * 60_000) })),
      );
    });

    it("refuses a tampered query", async () => {
      const headers = signed(emulator, `${LIST}?limit=10&offset=0`, { date });
      await expectRefused(await get(emulator, `${LIST}?limit=20&offset=0`, headers));
    });

    it("refuses a changed signed header", async () => {
      const headers = signed(emulator, LIST, { date, extraHeaders: { "X-Project-Id": "aaaa" } });
      await expectRefused(await get(emulator, LIST, { ...headers, "X-Project-Id": "bbbb" }));
    });

    it("refuses a wrong secret and an unknown access key", async () => {
      await expectRefused(
        await get(emulator, LIST, signed(emulator, LIST, { date, secretKey: "x".repeat(40) })),
      );
      await expectRefused(
        await get(emulator, LIST, signed(emulator, LIST, { date, accessKey: "UNKNOWNACCESSKEY0000" })),
      );
    });

    it("refuses SignedHeaders without host, even with a matching signature", async () => {
      const sdkDate = formatSdkDate(date);
      const request = { method: "GET", path: LIST, query: [], headers: { "X-Sdk-Date": sdkDate } };
      const signature = computeSignature(
        emulator.secretKey,
        sdkDate,
        canonicalRequest(request, ["x-sdk-date"]),
      );
      await expectRefused(
        await get(emulator, LIST, {
          "X-Sdk-Date": sdkDate,
          Authorization: `SDK-HMAC-SHA256 Access=${emulator.accessKey}, SignedHeaders=x-sdk-date, Signature=${signature}`,
        }),
      );
    });

    it("refuses a missing or malformed X-Sdk-Date", async () => {
      const headers = signed(emulator, LIST, { date });
      await expectRefused(await get(emulator, LIST, { ...headers, "X-Sdk-Date": "2025-01-15T12:00:00Z" }));
    });
  });

  it("requires a signed X-Security-Token when one is configured", async () => {
    const temporary = await startEmulator({ repos: 10, securityToken: "sts-token", clock: () => now });
    const date = new Date(now);
    try {
      const withToken = signed(temporary, LIST, { date, extraHeaders: { "X-Security-Token": "sts-token" } });
      expect((await get(temporary, LIST, withToken)).status).toBe(200);
      await expectRefused(await get(temporary, LIST, signed(temporary, LIST, { date })));
      const unsigned = { ...signed(temporary, LIST, { date }), "X-Security-Token": "sts-token" };
      await expectRefused(await get(temporary, LIST, unsigned));
    } finally {
      await temporary.close();
    }
  });
});
