/**
 * Resolving settings: the environment applied to what was given, then every rule checked.
 */
import { InputIssue, SwrInputError } from "./errors";
import { ProxySettings, resolveProxy } from "./http/proxy";
import { SettingName, SETTINGS, SwrSettings } from "./settings";

/** How requests authenticate. */
export type Credentials =
  | {
      readonly kind: "aksk";
      readonly accessKey: string;
      readonly secretKey: string;
      readonly securityToken?: string;
    }
  | { readonly kind: "token"; readonly token: string };

/** Settings after defaults and the environment were applied and checked. */
export interface ResolvedSettings {
  readonly endpoint: URL;
  readonly credentials: Credentials;
  readonly projectId?: string;
  /** The proxies to go through, when any is configured. */
  readonly proxy?: ProxySettings;
}

type EnvSetting = Exclude<SettingName, "proxy">;

/** The SWR endpoint of a region. Huawei Cloud Europe (`eu-west-101`) lives under `.myhuaweicloud.eu`. */
export function regionEndpoint(region: string): string {
  const domain = region === "eu-west-101" ? "myhuaweicloud.eu" : "myhuaweicloud.com";
  return `https://swr-api.${region}.${domain}`;
}

/** True for `localhost`, `127.0.0.0/8` and `::1`: the hosts where plain HTTP cannot leave the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** A setting's value and where it came from: the option's name or the environment variable's. */
interface Picked {
  readonly value: string;
  readonly source: string;
}

function pickFrom(explicit: SwrSettings, env: NodeJS.ProcessEnv, key: EnvSetting): Picked | undefined {
  const given = explicit[key];
  if (given !== undefined && given !== "") return { value: given, source: key };
  for (const name of SETTINGS[key].env) {
    const value = env[name];
    if (value !== undefined && value !== "") return { value, source: name };
  }
  return undefined;
}

function pick(explicit: SwrSettings, env: NodeJS.ProcessEnv, key: EnvSetting): string | undefined {
  return pickFrom(explicit, env, key)?.value;
}

/**
 * What an HTTP header can carry unchanged: printable ASCII and Latin-1, no tab, no control
 * characters, no leading or trailing space (a header value is trimmed, so the server would see
 * another token or a signature over other bytes: a 401, and five of those lock the AK).
 */
const HEADER_SAFE = /^[\x21-\x7e\xa0-\xff](?:[\x20-\x7e\xa0-\xff]*[\x21-\x7e\xa0-\xff])?$/;

/** The settings that travel in headers (the secret key keys the signature over them). */
const CREDENTIAL_SETTINGS = ["accessKey", "secretKey", "securityToken", "authToken", "projectId"] as const;

/**
 * Issues for credentials no header can carry, naming the setting (and the variable it came from)
 * but never its value: retrying such a request cannot succeed, and every attempt may count as a
 * failed signature.
 */
function credentialIssues(
  explicit: SwrSettings,
  env: NodeJS.ProcessEnv,
  credentials: Credentials | undefined,
): InputIssue[] {
  const issues: InputIssue[] = [];
  // Only the settings in use: a stale variable the chosen credentials ignore is no reason to stop.
  const used = CREDENTIAL_SETTINGS.filter((key) =>
    key === "projectId" ? true : credentials?.kind === "token" ? key === "authToken" : key !== "authToken",
  );
  for (const key of used) {
    const picked = pickFrom(explicit, env, key);
    if (picked === undefined || HEADER_SAFE.test(picked.value)) continue;
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
 * Credentials: an explicit token, else an explicit key pair, else a key pair from the environment,
 * else a token from the environment.
 */
export function resolveSettings(
  explicit: SwrSettings = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedSettings {
  const issues: InputIssue[] = [];
  const endpoint = resolveEndpoint(explicit, env, issues);
  const credentials = resolveCredentials(explicit, env, issues);
  issues.push(...credentialIssues(explicit, env, credentials));
  const projectId = pick(explicit, env, "projectId");
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
  issues: InputIssue[],
): URL | undefined {
  const override = pick(explicit, env, "endpoint");
  const region = pick(explicit, env, "region");
  if (override === undefined && region === undefined) {
    issues.push({
      field: "region",
      rule:
        "is required: set a region (stack config swr:region or env HW_REGION_NAME, e.g. ap-southeast-1) " +
        "or an endpoint (swr:endpoint or HW_SWR_ENDPOINT)",
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
  const field = override === undefined ? "region" : "endpoint";
  let url: URL;
  try {
    url = new URL(override ?? regionEndpoint(region as string));
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

function resolveCredentials(
  explicit: SwrSettings,
  env: NodeJS.ProcessEnv,
  issues: InputIssue[],
): Credentials | undefined {
  if (explicit.authToken) return { kind: "token", token: explicit.authToken };
  const accessKey = pick(explicit, env, "accessKey");
  const secretKey = pick(explicit, env, "secretKey");
  if (accessKey !== undefined && secretKey !== undefined)
    return { kind: "aksk", accessKey, secretKey, securityToken: pick(explicit, env, "securityToken") };
  const token = pick(explicit, env, "authToken");
  if (token !== undefined) return { kind: "token", token };
  if (accessKey !== undefined)
    issues.push({ field: "secretKey", rule: "is required with accessKey (swr:secretKey or HW_SECRET_KEY)" });
  else if (secretKey !== undefined)
    issues.push({ field: "accessKey", rule: "is required with secretKey (swr:accessKey or HW_ACCESS_KEY)" });
  else
    issues.push({
      field: "credentials",
      rule:
        "are required: set accessKey and secretKey (stack config swr:accessKey, swr:secretKey or env " +
        "HW_ACCESS_KEY, HW_SECRET_KEY) or authToken (swr:authToken or HW_AUTH_TOKEN)",
    });
  return undefined;
}
