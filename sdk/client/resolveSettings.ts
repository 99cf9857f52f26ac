/**
 * Resolving settings: the environment applied to what was given, then every rule checked.
 */
import { CredentialPlan } from "./credentials/credentialChain";
import { readNamedProfile, resolveCredentialPlan } from "./credentials/credentialSettings";
import { InputIssue, SwrInputError } from "./errors";
import { isHeaderSafe } from "./http/authenticatedRequest";
import { ProxySettings, resolveProxy } from "./http/proxy";
import { pickSetting } from "./pickSetting";
import { HEADER_SETTING_NAMES, SETTINGS, SettingSpec, SwrSettings } from "./settings";

export type { Credentials } from "./credentials/credentials";

/** Settings after defaults and the environment were applied and checked. */
export interface ResolvedSettings {
  readonly endpoint: URL;
  /** Which source gives the credentials; a client's provider hands them out (see `credentialChain.ts`). */
  readonly credentials: CredentialPlan;
  readonly projectId?: string;
  /** The proxies to go through, when any is configured. */
  readonly proxy?: ProxySettings;
}

/**
 * The domain of a region's endpoints: `cloud` when given, else Huawei Cloud's, where the European
 * regions (`eu-west-1xx`) live under `myhuaweicloud.eu`.
 */
export function cloudDomain(region: string | undefined, cloud?: string): string {
  if (cloud !== undefined) return cloud;
  return region !== undefined && /^eu-west-1\d\d$/.test(region) ? "myhuaweicloud.eu" : "myhuaweicloud.com";
}

/** The SWR endpoint of a region, on Huawei Cloud or the site `cloud` names. */
export function regionEndpoint(region: string, cloud?: string): string {
  return `https://swr-api.${region}.${cloudDomain(region, cloud)}`;
}

/** True for `localhost`, `127.0.0.0/8` and `::1`: the hosts where plain HTTP cannot leave the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

function pick(
  explicit: SwrSettings,
  env: NodeJS.ProcessEnv,
  key: Parameters<typeof pickSetting>[2],
): string | undefined {
  return pickSetting(explicit, env, key)?.value;
}

/**
 * Issues for credentials no header can carry, naming the setting (and the variable it came from)
 * but never its value: retrying such a request cannot succeed, and every attempt may count as a
 * failed signature.
 */
function credentialIssues(
  explicit: SwrSettings,
  env: NodeJS.ProcessEnv,
  plan: CredentialPlan | undefined,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const base = plan?.kind === "assumeRole" ? plan.base : plan;
  const fromSettings = base?.kind === "fixed" && base.fromSettings ? base.credentials : undefined;
  // Only the settings in use: a stale variable the chosen credentials ignore is no reason to stop.
  const used = HEADER_SETTING_NAMES.filter((key) => {
    const spec: SettingSpec = SETTINGS[key];
    return spec.credential === undefined || spec.credential === fromSettings?.kind;
  });
  for (const key of used) {
    const picked = pickSetting(explicit, env, key);
    if (picked === undefined || isHeaderSafe(picked.value)) continue;
    issues.push({
      field: key,
      rule:
        "must hold only printable ASCII or Latin-1 characters: no CR, LF, tab or other control character, " +
        "no space at either end" +
        (picked.source === key ? "" : `; the value in ${picked.source} breaks this (a stray newline?)`),
    });
  }
  return issues;
}

/**
 * Applies the environment to explicit settings and checks them. Throws {@link SwrInputError}
 * naming every missing or invalid setting; never echoes a secret.
 *
 * Credentials: an explicit token, else a key pair (given, else from the environment), else a token
 * from the environment, else a named KooCLI profile, else the ECS metadata service; then, when an
 * agency is to be assumed, IAM's credentials for it (see `credentials/credentialChain.ts`). A named
 * profile is read here, so a missing file or profile fails before any request; its region and
 * project id apply when no setting or variable gives them.
 */
export function resolveSettings(
  explicit: SwrSettings = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedSettings {
  const issues: InputIssue[] = [];
  const profile = readNamedProfile(explicit, env, issues);
  const region = pick(explicit, env, "region") ?? profile?.region;
  const cloud = cloudDomain(region, pick(explicit, env, "cloud"));
  const endpoint = resolveEndpoint(explicit, env, region, cloud, issues);
  const credentials = resolveCredentialPlan(
    explicit,
    env,
    profile,
    {
      region,
      cloud,
      checkUrl: (value, field) => checkUrl(value, field, explicit, issues),
    },
    issues,
  );
  issues.push(...credentialIssues(explicit, env, credentials));
  const projectId = pick(explicit, env, "projectId") ?? profile?.projectId;
  if (
    projectId !== undefined &&
    !issues.some((i) => i.field === "projectId") &&
    !/^[A-Za-z0-9-]{1,64}$/.test(projectId)
  )
    issues.push({ field: "projectId", rule: "must be 1 to 64 letters, digits or hyphens" });
  const proxy = resolveProxy(explicit.proxy, env, issues);
  if (issues.length > 0 || !endpoint || !credentials) throw new SwrInputError(issues);
  return { endpoint, credentials, projectId, proxy };
}

function resolveEndpoint(
  explicit: SwrSettings,
  env: NodeJS.ProcessEnv,
  region: string | undefined,
  cloud: string,
  issues: InputIssue[],
): URL | undefined {
  const override = pick(explicit, env, "endpoint");
  if (override === undefined && region === undefined) {
    issues.push({
      field: "region",
      rule:
        "is required: set a region (stack config swr:region or env HW_REGION_NAME, e.g. ap-southeast-1, " +
        "or a KooCLI profile's) or an endpoint (swr:endpoint or HW_SWR_ENDPOINT)",
    });
    return undefined;
  }
  if (override === undefined && region !== undefined && !/^[a-z]{2}(-[a-z0-9]+)+$/.test(region)) {
    issues.push({
      field: "region",
      rule: "must look like ap-southeast-1 (lowercase letters, digits, hyphens)",
    });
    return undefined;
  }
  if (
    override === undefined &&
    !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(cloud)
  ) {
    issues.push({ field: "cloud", rule: "must be a domain name such as myhuaweicloud.com" });
    return undefined;
  }
  return checkUrl(
    override ?? regionEndpoint(region as string, cloud),
    override === undefined ? "region" : "endpoint",
    explicit,
    issues,
  );
}

/**
 * An endpoint URL (SWR's, IAM's) checked: absolute, https (or http to loopback, or anywhere when
 * `allowInsecureHttp`), no credentials, query or fragment. Issues name `field`.
 */
function checkUrl(
  value: string,
  field: string,
  explicit: SwrSettings,
  issues: InputIssue[],
): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    issues.push({
      field,
      rule: "must be an absolute URL such as https://swr-api.ap-southeast-1.myhuaweicloud.com",
    });
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    issues.push({ field, rule: "must use https:// (or http:// to a loopback host)" });
    return undefined;
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname) && !explicit.allowInsecureHttp) {
    issues.push({
      field,
      rule: "must use https:// unless the host is loopback; set allowInsecureHttp to send credentials in clear",
    });
    return undefined;
  }
  if (url.username || url.password || url.search || url.hash) {
    issues.push({ field, rule: "must not carry credentials, a query or a fragment" });
    return undefined;
  }
  return url;
}
