/**
 * The KooCLI (`hcloud`) configuration file: `{"current": "dev", "profiles": [{"name", "mode",
 * "accessKeyId", "secretAccessKey", "securityToken", "region", "projectId", "agencyName",
 * "agencyDomainName", …}]}`. Read only when a file or a profile is named, as Terraform reads it.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { InputIssue } from "../errors";
import { isHeaderSafe } from "../http/authenticatedRequest";
import { Credentials } from "./credentials";

/** Where KooCLI keeps its configuration unless `HW_SHARED_CONFIG_FILE` says otherwise. */
export function defaultSharedConfigFile(): string {
  return join(homedir(), ".hcloud", "config.json");
}

/**
 * What a profile gives: credentials of its own (`AKSK`, and the base keys of `agency`), or the
 * instance's (`ecsAgency`: the metadata service), an agency to assume, and a region and project id.
 */
export interface KooCliProfile {
  readonly file: string;
  readonly name: string;
  /** Keys of the profile itself; absent for `ecsAgency`, whose credentials come from the metadata service. */
  readonly credentials?: Credentials;
  readonly region?: string;
  readonly projectId?: string;
  /** The agency a profile of mode `agency` (or one naming an agency) assumes. */
  readonly agency?: { readonly agencyName: string; readonly domainName: string };
}

/** How a message names a profile. */
export function profileSource(profile: Pick<KooCliProfile, "file" | "name">): string {
  return `the KooCLI profile "${profile.name}" in ${profile.file}`;
}

/** The modes this package reads, and why the others are refused. */
const REFUSED_MODES: Readonly<Record<string, string>> = {
  token:
    "mode token holds a user's IAM token, which KooCLI renews by signing in again and this package cannot; " +
    "use an AKSK or agency profile, or set HW_AUTH_TOKEN",
  SSO:
    "mode SSO holds credentials that only KooCLI's SSO sign-in renews; use an AKSK or agency profile, or " +
    "export the temporary keys as HW_ACCESS_KEY, HW_SECRET_KEY and HW_SECURITY_TOKEN",
};

/** What a plain KooCLI access key or secret key looks like; an encrypted one does not. */
const PLAIN_KEY = /^[A-Za-z0-9]{8,128}$/;

const ENCRYPTED_HINT =
  "KooCLI encrypts stored keys by default, and no other program can read them: run " +
  "`hcloud configure set --cli-auth-encrypt=false` and store the keys again (Terraform needs the same)";

/**
 * Reads one profile of a KooCLI configuration file: `name`, else the file's `current`. Every
 * problem is an issue naming the file and the profile (never a key's value), found before any
 * request: a missing or unreadable file, a missing profile, an unknown or unsupported mode, keys that
 * are missing or encrypted.
 */
export function readKooCliProfile(
  file: string,
  name: string | undefined,
  issues: InputIssue[],
): KooCliProfile | undefined {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const wanted = name === undefined ? "its current profile" : `profile "${name}"`;
    issues.push({
      field: "sharedConfigFile",
      rule: code
        ? `cannot read ${file} (${code}) for ${wanted}: name a KooCLI configuration file (HW_SHARED_CONFIG_FILE)`
        : `${file} is not JSON: expected a KooCLI configuration file holding ${wanted}`,
    });
    return undefined;
  }
  const root = (typeof document === "object" && document !== null ? document : {}) as Record<string, unknown>;
  const profiles = Array.isArray(root.profiles) ? (root.profiles as unknown[]) : undefined;
  if (profiles === undefined) {
    issues.push({
      field: "sharedConfigFile",
      rule: `${file} has no "profiles" list: expected a KooCLI configuration file`,
    });
    return undefined;
  }
  const wanted = name ?? (typeof root.current === "string" && root.current !== "" ? root.current : undefined);
  const names = profiles
    .map((p) => (p as Record<string, unknown> | null)?.name)
    .filter((n) => typeof n === "string");
  if (wanted === undefined) {
    issues.push({
      field: "profile",
      rule: `is required: ${file} has no "current" profile; name one (HW_PROFILE) of ${names.join(", ") || "none"}`,
    });
    return undefined;
  }
  const entry = profiles.find((p) => (p as Record<string, unknown> | null)?.name === wanted) as
    Record<string, unknown> | undefined;
  if (entry === undefined) {
    issues.push({
      field: "profile",
      rule: `no profile "${wanted}" in ${file}; it has ${names.map((n) => `"${String(n)}"`).join(", ") || "none"}`,
    });
    return undefined;
  }
  return profileFrom(file, wanted, entry, issues);
}

function profileFrom(
  file: string,
  name: string,
  entry: Record<string, unknown>,
  issues: InputIssue[],
): KooCliProfile | undefined {
  const where = profileSource({ file, name });
  const text = (key: string): string | undefined => {
    const value = entry[key];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const fail = (rule: string) => {
    issues.push({ field: "profile", rule: `${where}: ${rule}` });
    return undefined;
  };
  const mode = text("mode") ?? "AKSK";
  if (Object.hasOwn(REFUSED_MODES, mode)) return fail(REFUSED_MODES[mode]);
  if (!["AKSK", "agency", "ecsAgency"].includes(mode))
    return fail(
      `mode ${JSON.stringify(mode)} is unknown; this package reads AKSK, agency and ecsAgency profiles`,
    );

  const agencyName = text("agencyName");
  const domainName = text("agencyDomainName");
  if (mode === "agency" && (agencyName === undefined || domainName === undefined))
    return fail("mode agency needs agencyName and agencyDomainName");
  const agency =
    agencyName !== undefined && domainName !== undefined ? { agencyName, domainName } : undefined;
  const common = { file, name, region: text("region"), projectId: text("projectId"), agency };
  if (mode === "ecsAgency") return common;

  const accessKey = text("accessKeyId");
  const secretKey = text("secretAccessKey");
  if (accessKey === undefined || secretKey === undefined)
    return fail(`has no accessKeyId and secretAccessKey; if they were stored, ${ENCRYPTED_HINT}`);
  if (!PLAIN_KEY.test(accessKey) || !PLAIN_KEY.test(secretKey))
    return fail(`accessKeyId or secretAccessKey is not a plain key (letters and digits): ${ENCRYPTED_HINT}`);
  const securityToken = text("securityToken");
  if (securityToken !== undefined && !isHeaderSafe(securityToken))
    return fail("securityToken holds a control character, or a space at either end (a stray newline?)");
  return { ...common, credentials: { kind: "aksk", accessKey, secretKey, securityToken } };
}
