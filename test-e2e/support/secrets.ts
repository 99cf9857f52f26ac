import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import type { CommandResult } from "./process";

/** Credentials for one emulator: random on every run, so finding one anywhere means it leaked there. */
export interface TestCredentials {
  /** The access key id: not a secret (it names the key pair), but never in a redacted request line. */
  readonly accessKey: string;
  readonly secretKey: string;
  /** The IAM token (`X-Auth-Token`). */
  readonly token: string;
  /** The security token of temporary AK/SK credentials (`X-Security-Token`). */
  readonly securityToken: string;
}

const random = (bytes: number) => randomBytes(bytes).toString("base64url");

/** A fresh set, shaped like Huawei's: a 20-character AK, a 40-character SK, an `MII…` token. */
export function randomCredentials(): TestCredentials {
  return {
    accessKey: "E2E" + randomBytes(10).toString("hex").toUpperCase().slice(0, 17),
    secretKey: "e2eSK" + randomBytes(20).toString("hex").slice(0, 35),
    token: "MIIE2E" + random(120),
    securityToken: "e2eST" + random(90),
  };
}

/** The secrets of `credentials`, by name: what must never be written anywhere. */
export function secretsOf(credentials: TestCredentials): Record<string, string> {
  const { secretKey, token, securityToken } = credentials;
  return { secretKey, token, securityToken };
}

/** A text the runs left behind, and where it came from. */
export interface Captured {
  readonly source: string;
  readonly text: string;
}

/** The stdout and stderr of each command. */
export function commandTexts(results: readonly CommandResult[]): Captured[] {
  return results.flatMap((r) => [
    { source: `stdout of ${r.command}`, text: r.stdout },
    { source: `stderr of ${r.command}`, text: r.stderr },
  ]);
}

/** Every regular file under `dir`, recursively, read as UTF-8 (the values searched for are ASCII). */
export async function fileTexts(dir: string): Promise<Captured[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  return Promise.all(files.map(async (file) => ({ source: file, text: await fs.readFile(file, "utf8") })));
}

/** A secret's copies worth looking for: itself, and its first and last 16 characters (a truncated copy). */
function traces(secret: string): string[] {
  return [secret, secret.slice(0, 16), secret.slice(-16)];
}

/** Where each secret turned up, as `name in source`: empty when none did. */
export function findSecrets(captured: readonly Captured[], secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets))
    for (const { source, text } of captured)
      if (traces(secret).some((trace) => text.includes(trace))) found.push(`${name} in ${source}`);
  return found;
}

/** The sources with a line matching `pattern`. */
export function sourcesMatching(captured: readonly Captured[], pattern: RegExp): string[] {
  return captured
    .filter(({ text }) => text.split("\n").some((line) => pattern.test(line)))
    .map((c) => c.source);
}

/**
 * A request line of the client's debug log (`SWR_DEBUG=1`) with the header named `header` redacted,
 * e.g. `swr: → GET https://…/v2/manage/repos?… {"Host":…,"Authorization":"[redacted]",…}`. In
 * Pulumi's log files the line is JSON-escaped, hence the optional backslashes.
 */
export function redactedRequestLine(header: string): RegExp {
  return new RegExp(`swr: → GET \\S+ \\{.*\\\\?"${header}\\\\?":\\\\?"\\[redacted\\]\\\\?"`);
}
