/**
 * Test support for Huawei's official Node SDK (`@huaweicloud/huaweicloud-sdk-core`, `-swr`),
 * the reference our signer and emulator are checked against.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import type { AccessKeyPair } from "../../sdk/client/http/akskSignature";

/**
 * Points the home directory at a fresh temporary directory for the whole test file, and restores
 * it after. The SDK core writes `~/.huaweicloud/application_id` whenever a client is built; tests
 * must not touch the real home. Call it at the top of a `describe`, before hooks that load the SDK.
 *
 * Setting `process.env.HOME` alone is not enough under jest: a test file sees a copy of the
 * environment, while `os.homedir()` (which the SDK calls) reads the real one. So `os.homedir` is
 * stubbed as well; `HOME` is set for anything that reads the variable itself.
 */
export function useTemporaryHome(): void {
  const saved = process.env.HOME;
  let home: string | undefined;
  let homedir: jest.SpiedFunction<typeof os.homedir> | undefined;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), "pulumi-swr-home-"));
    home = dir;
    process.env.HOME = dir;
    homedir = jest.spyOn(os, "homedir").mockReturnValue(dir);
  });
  afterAll(() => {
    homedir?.mockRestore();
    if (saved === undefined) delete process.env.HOME;
    else process.env.HOME = saved;
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });
}

/** The official SDK's modules a contract test drives. */
export interface OfficialSdk {
  readonly swr: typeof import("@huaweicloud/huaweicloud-sdk-swr");
  readonly core: typeof import("@huaweicloud/huaweicloud-sdk-core");
  readonly exceptions: typeof import("@huaweicloud/huaweicloud-sdk-core/exception/ClientRequestException");
  readonly logging: typeof import("@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger");
}

/** Loads the official SDK; call it in a hook after {@link useTemporaryHome}, so it sees the temporary home. */
export async function loadOfficialSdk(): Promise<OfficialSdk> {
  const [swr, core, exceptions, logging] = await Promise.all([
    import("@huaweicloud/huaweicloud-sdk-swr"),
    import("@huaweicloud/huaweicloud-sdk-core"),
    import("@huaweicloud/huaweicloud-sdk-core/exception/ClientRequestException"),
    import("@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger"),
  ]);
  return { swr, core, exceptions, logging };
}

/** A request as the official signer takes it: the URL carries scheme, host and raw (unencoded) path. */
export interface OfficialSignInput {
  readonly method: string;
  /** e.g. `https://swr-api.example.com/v2/manage/repos`; the path as the SDK builds it, not percent-encoded. */
  readonly url: string;
  /** Decoded query pairs; a repeated key is sent to the SDK as an array, as its callers do. */
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Headers other than `Host` (the signer takes the host from `url`); `X-Sdk-Date` must be spelled so. */
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON body; the official signer hashes `JSON.stringify(data)`. */
  readonly data?: unknown;
}

/** Signs with the official SDK core's `AKSKSigner` and returns its `Authorization` header. */
export async function officialAuthorization(input: OfficialSignInput, keys: AccessKeyPair): Promise<string> {
  const [{ AKSKSigner }, { BasicCredentials }] = await Promise.all([
    import("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner"),
    import("@huaweicloud/huaweicloud-sdk-core"),
  ]);
  const queryParams: Record<string, string | string[]> = {};
  for (const [key, value] of input.query) {
    const existing = queryParams[key];
    queryParams[key] = existing === undefined ? value : [...[existing].flat(), value];
  }
  const credential = new BasicCredentials().withAk(keys.accessKey).withSk(keys.secretKey);
  const signed = AKSKSigner.sign(
    {
      endpoint: input.url,
      method: input.method,
      queryParams,
      headers: { ...input.headers },
      data: input.data,
    },
    credential,
  ) as Record<string, string>;
  const authorization = signed.Authorization;
  if (authorization === undefined) throw new Error("the official signer returned no Authorization header");
  return authorization;
}
