/**
 * From settings to a credential plan: which source gives the credentials, checked before any request.
 */
import { InputIssue } from "../errors";
import { pickSetting } from "../pickSetting";
import { SettingName, SETTINGS, SwrSettings } from "../settings";
import { AgencyRole } from "./assumeRole";
import { CredentialPlan } from "./credentialChain";
import { DEFAULT_METADATA_ENDPOINT, METADATA_ENDPOINT_ENV } from "./ecsMetadata";
import { defaultSharedConfigFile, KooCliProfile, profileSource, readKooCliProfile } from "./sharedConfig";

/** IAM's limits on an assumed agency's lifetime, in seconds. */
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 86_400;

/** The environment variables of some settings, for messages. */
function variablesOf(...names: SettingName[]): string {
  return names.flatMap((name) => SETTINGS[name].env).join(", ");
}

/** The KooCLI profile the settings name (a file or a profile, given or in the environment), read now. */
export function readNamedProfile(
  explicit: SwrSettings,
  env: NodeJS.ProcessEnv,
  issues: InputIssue[],
): KooCliProfile | undefined {
  const file = pickSetting(explicit, env, "sharedConfigFile")?.value;
  const name = pickSetting(explicit, env, "profile")?.value;
  if (file === undefined && name === undefined) return undefined;
  return readKooCliProfile(file ?? defaultSharedConfigFile(), name, issues);
}

/** Where IAM is, when an agency is assumed: the region and cloud the endpoint came from. */
export interface IamLocation {
  readonly region?: string;
  readonly cloud: string;
  /** Checks a URL setting as the endpoint is checked; returns it, or pushes an issue naming `field`. */
  readonly checkUrl: (value: string, field: string) => URL | undefined;
}

/**
 * The plan for these settings (see `credentialChain.ts` for the order), or `undefined` with issues
 * that name the settings at fault. A profile given explicitly wins over keys in the environment: it
 * was asked for by name.
 */
export function resolveCredentialPlan(
  explicit: SwrSettings,
  env: NodeJS.ProcessEnv,
  profile: KooCliProfile | undefined,
  location: IamLocation,
  issues: InputIssue[],
): CredentialPlan | undefined {
  const namedHere = explicit.profile !== undefined || explicit.sharedConfigFile !== undefined;
  const keysHere = [explicit.accessKey, explicit.secretKey, explicit.authToken].some((v) => v);
  const base = baseFromSettings(explicit, namedHere && !keysHere ? {} : env, issues);
  if (base === null) return undefined;
  const plan = base ?? baseFromProfile(profile, env, issues);
  if (plan === undefined) return undefined;
  const role = agencyRole(explicit, env, profile, plan, location, issues);
  if (role === null) return undefined;
  return role === undefined ? plan : { kind: "assumeRole", role, base: plan };
}

/**
 * Keys or a token from the settings, then the environment: an explicit token, else a key pair,
 * else a token from the environment. `undefined` when none is set; `null` when half a pair is.
 */
function baseFromSettings(
  explicit: SwrSettings,
  env: NodeJS.ProcessEnv,
  issues: InputIssue[],
): Extract<CredentialPlan, { kind: "fixed" }> | undefined | null {
  const fixed = (credentials: Extract<CredentialPlan, { kind: "fixed" }>["credentials"]) =>
    ({ kind: "fixed", credentials, source: "the settings", fromSettings: true }) as const;
  if (explicit.authToken) return fixed({ kind: "token", token: explicit.authToken });
  const accessKey = pickSetting(explicit, env, "accessKey")?.value;
  const secretKey = pickSetting(explicit, env, "secretKey")?.value;
  if (accessKey !== undefined && secretKey !== undefined)
    return fixed({
      kind: "aksk",
      accessKey,
      secretKey,
      securityToken: pickSetting(explicit, env, "securityToken")?.value,
    });
  const token = pickSetting(explicit, env, "authToken")?.value;
  if (token !== undefined) return fixed({ kind: "token", token });
  if (accessKey === undefined && secretKey === undefined) return undefined;
  issues.push(
    accessKey !== undefined
      ? { field: "secretKey", rule: "is required with accessKey (swr:secretKey or HW_SECRET_KEY)" }
      : { field: "accessKey", rule: "is required with secretKey (swr:accessKey or HW_ACCESS_KEY)" },
  );
  return null;
}

/** A profile's own keys, or for `ecsAgency` (and when nothing is configured) the metadata service. */
function baseFromProfile(
  profile: KooCliProfile | undefined,
  env: NodeJS.ProcessEnv,
  issues: InputIssue[],
): Exclude<CredentialPlan, { kind: "assumeRole" }> | undefined {
  if (profile?.credentials)
    return {
      kind: "fixed",
      credentials: profile.credentials,
      source: profileSource(profile),
      fromSettings: false,
    };
  // Plain http:// is what the service speaks: it is link-local, answered by the instance's host.
  const endpoint = URL.parse(env[METADATA_ENDPOINT_ENV] || DEFAULT_METADATA_ENDPOINT);
  if (endpoint === null || !["http:", "https:"].includes(endpoint.protocol) || endpoint.pathname !== "/") {
    issues.push({
      field: METADATA_ENDPOINT_ENV,
      rule: "must be an http:// or https:// origin such as http://169.254.169.254, without a path",
    });
    return undefined;
  }
  const reason = profile
    ? `${profileSource(profile)} has mode ecsAgency`
    : `asked last: no accessKey and secretKey or authToken in the settings or ${variablesOf("accessKey", "secretKey", "authToken")}, ` +
      `and no KooCLI profile named (profile, sharedConfigFile, ${variablesOf("profile", "sharedConfigFile")})`;
  return { kind: "metadata", endpoint, reason };
}

/**
 * The agency to assume, from the settings or the environment, else the profile's own; `undefined`
 * when none, `null` when the settings are incomplete or wrong (issues name them).
 */
function agencyRole(
  explicit: SwrSettings,
  env: NodeJS.ProcessEnv,
  profile: KooCliProfile | undefined,
  base: CredentialPlan,
  location: IamLocation,
  issues: InputIssue[],
): AgencyRole | undefined | null {
  const agencyName = pickSetting(explicit, env, "assumeRoleAgencyName")?.value;
  const domainName = pickSetting(explicit, env, "assumeRoleDomainName")?.value;
  const duration = pickSetting(explicit, env, "assumeRoleDurationSeconds");
  const fromSettings =
    agencyName !== undefined || domainName !== undefined ? { agencyName, domainName } : undefined;
  // A profile's agency applies to the profile's own credentials, not to keys found elsewhere.
  const fromProfile = base.kind === "fixed" && base.fromSettings ? undefined : profile?.agency;
  const agency = fromSettings ?? fromProfile;
  if (agency === undefined) {
    if (duration !== undefined)
      issues.push({ field: "assumeRoleAgencyName", rule: `is required with ${duration.source}` });
    return duration === undefined ? undefined : null;
  }
  let ok = true;
  if (agency.agencyName === undefined) {
    issues.push({
      field: "assumeRoleAgencyName",
      rule: "is required with assumeRoleDomainName (HW_ASSUME_ROLE_AGENCY_NAME)",
    });
    ok = false;
  }
  if (agency.domainName === undefined) {
    issues.push({
      field: "assumeRoleDomainName",
      rule: "is required with assumeRoleAgencyName (HW_ASSUME_ROLE_DOMAIN_NAME)",
    });
    ok = false;
  }
  let durationSeconds: number | undefined;
  if (duration !== undefined) {
    durationSeconds = /^\d+$/.test(duration.value) ? Number(duration.value) : NaN;
    if (!(durationSeconds >= MIN_DURATION_SECONDS && durationSeconds <= MAX_DURATION_SECONDS)) {
      issues.push({
        field: "assumeRoleDurationSeconds",
        rule:
          `must be a whole number of seconds from ${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS}` +
          (duration.source === "assumeRoleDurationSeconds" ? "" : ` (${duration.source})`),
      });
      ok = false;
    }
  }
  const authUrl = iamUrl(explicit, env, location, issues);
  if (!ok || authUrl === undefined || agency.agencyName === undefined || agency.domainName === undefined)
    return null;
  return { agencyName: agency.agencyName, domainName: agency.domainName, durationSeconds, authUrl };
}

/** `authUrl`, else `https://iam.{region}.{cloud}/v3`; without a region that is an issue, never `iam..`. */
function iamUrl(
  explicit: SwrSettings,
  env: NodeJS.ProcessEnv,
  location: IamLocation,
  issues: InputIssue[],
): URL | undefined {
  const given = pickSetting(explicit, env, "authUrl")?.value;
  if (given !== undefined) return location.checkUrl(given, "authUrl");
  if (location.region === undefined) {
    issues.push({
      field: "authUrl",
      rule:
        "is required to assume an agency when no region is set (swr:authUrl or HW_AUTH_URL, e.g. " +
        "https://iam.ap-southeast-1.myhuaweicloud.com/v3), or set a region",
    });
    return undefined;
  }
  return new URL(`https://iam.${location.region}.${location.cloud}/v3`);
}
