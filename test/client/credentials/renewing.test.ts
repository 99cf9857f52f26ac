import { TemporaryCredentials } from "../../../sdk/client/credentials/credentials";
import { renewingCredentials } from "../../../sdk/client/credentials/renewing";
import { SwrCredentialsError } from "../../../sdk/client";

const MINUTE = 60_000;

/** A source that hands out numbered credentials lasting `lifetimeMs` from the clock's now. */
function scriptedSource(lifetimeMs: number) {
  let now = 0;
  let issued = 0;
  const provider = renewingCredentials({
    source: "a scripted source",
    clock: () => now,
    obtain: async (): Promise<TemporaryCredentials> => {
      issued++;
      return {
        kind: "aksk",
        accessKey: `AK${issued}`,
        secretKey: `SecretKeyNumber${issued}`,
        securityToken: `SecurityTokenNumber${issued}`,
        expiresAt: new Date(now + lifetimeMs),
      };
    },
  });
  return { provider, at: (ms: number) => (now = ms), issued: () => issued };
}

const accessKeyOf = async (p: ReturnType<typeof scriptedSource>["provider"]) =>
  ((await p.current()) as { accessKey: string }).accessKey;

describe("renewing temporary credentials", () => {
  test("an hour's credentials are renewed ten minutes before they expire, not earlier", async () => {
    const source = scriptedSource(60 * MINUTE);
    expect(await accessKeyOf(source.provider)).toBe("AK1");
    source.at(49 * MINUTE);
    expect(await accessKeyOf(source.provider)).toBe("AK1");
    source.at(50 * MINUTE);
    expect(await accessKeyOf(source.provider)).toBe("AK2");
    expect(source.issued()).toBe(2);
  });

  test("short-lived credentials are renewed at half their life", async () => {
    const source = scriptedSource(4 * MINUTE);
    await source.provider.current();
    source.at(2 * MINUTE - 1);
    expect(await accessKeyOf(source.provider)).toBe("AK1");
    source.at(2 * MINUTE);
    expect(await accessKeyOf(source.provider)).toBe("AK2");
  });

  test("sixteen requests at once share one renewal", async () => {
    const source = scriptedSource(60 * MINUTE);
    const keys = await Promise.all(Array.from({ length: 16 }, () => accessKeyOf(source.provider)));
    expect(new Set(keys)).toEqual(new Set(["AK1"]));
    expect(source.issued()).toBe(1);
  });

  test("after a refusal: renewed once; a request that used the old ones gets the renewed ones", async () => {
    const source = scriptedSource(60 * MINUTE);
    const first = await source.provider.current();
    const [a, b] = await Promise.all([
      source.provider.renewAfterRefusal(first),
      source.provider.renewAfterRefusal(first),
    ]);
    expect([a, b].map((c) => (c as { accessKey: string }).accessKey)).toEqual(["AK2", "AK2"]);
    expect(source.issued()).toBe(2);
    // Fixed keys (no security token) are never renewed.
    expect(
      await source.provider.renewAfterRefusal({ kind: "aksk", accessKey: "AK", secretKey: "SK" }),
    ).toBeUndefined();
  });

  test("every secret obtained is kept for redaction", async () => {
    const source = scriptedSource(MINUTE);
    await source.provider.current();
    source.at(MINUTE);
    await source.provider.current();
    expect(source.provider.secrets()).toEqual([
      "SecretKeyNumber1",
      "SecurityTokenNumber1",
      "SecretKeyNumber2",
      "SecurityTokenNumber2",
    ]);
  });

  test("a failed renewal is the source's error, and the next request asks again", async () => {
    let fail = true;
    const provider = renewingCredentials({
      source: "a flaky source",
      clock: () => 0,
      obtain: async () => {
        if (fail) throw new SwrCredentialsError("a flaky source", "answered HTTP 503");
        return {
          kind: "aksk",
          accessKey: "AK",
          secretKey: "SK",
          securityToken: "ST",
          expiresAt: new Date(MINUTE),
        };
      },
    });
    await expect(provider.current()).rejects.toThrow("a flaky source: answered HTTP 503");
    fail = false;
    await expect(provider.current()).resolves.toMatchObject({ accessKey: "AK" });
  });
});
