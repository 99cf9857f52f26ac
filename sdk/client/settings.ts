/**
 * The settings: where and how to reach SWR. This table is the one list of them; the client's
 * options, the environment it reads, the Pulumi stack config (`swr:<name>`), the provider's inputs
 * and the package schema all derive from it.
 *
 * Where a setting comes from, first to last: what the caller gives (client options, CLI flags, a
 * function's arguments), then the Pulumi provider's configuration (the stack's `swr:*` config, or an
 * explicit provider's inputs), then the environment (`HW_*`, then the Huawei SDKs' `HUAWEICLOUD_SDK_*`),
 * then a KooCLI profile (region, project id, credentials), then, for credentials only, the ECS
 * metadata service (see `credentials/credentialChain.ts`). Settings that only mean something together
 * form a group, and a group comes whole from the first source that gives any of it (see
 * {@link layerSettings}).
 */
import type { Credentials } from "./credentials/credentials";

/** What the table says of one setting. */
export interface SettingSpec {
  /** Environment variables read for it when no source gives it, in order of preference. */
  readonly env: readonly string[];
  /** A credential (or what may carry one): a Pulumi secret, redacted everywhere, marked secret in the schema. */
  readonly secret: boolean;
  /** The settings that come from one source together. */
  readonly group: "location" | "credentials" | "assumeRole" | "project" | "proxy";
  /**
   * Sent in a request header, or keys a signature over them: it must be something a header carries
   * unchanged (checked before any request).
   */
  readonly inHeader: boolean;
  /** Part of credentials of this kind (a key pair, a token): it matters only when those credentials are used. */
  readonly credential?: Credentials["kind"];
  /** What it is, for the schema and the docs (the environment variables are added where shown). */
  readonly description: string;
}

/**
 * The proxy variables, lowercase first as curl and undici read them: one for `https://` endpoints,
 * one for `http://` (which also serves `https://` when the first is unset), and the hosts reached
 * directly.
 */
export const PROXY_ENV = {
  https: ["https_proxy", "HTTPS_PROXY"],
  http: ["http_proxy", "HTTP_PROXY"],
  noProxy: ["no_proxy", "NO_PROXY"],
} as const;

/** Every setting, by the name it has in client options, invoke arguments and `swr:<name>` stack config. */
export const SETTINGS = {
  region: {
    env: ["HW_REGION_NAME"],
    secret: false,
    group: "location",
    inHeader: false,
    description:
      "Huawei Cloud region, e.g. `ap-southeast-1`; gives the endpoint `https://swr-api.{region}.{cloud}` " +
      "(`cloud` is `myhuaweicloud.com`, `myhuaweicloud.eu` for the `eu-west-1xx` regions).",
  },
  endpoint: {
    env: ["HW_SWR_ENDPOINT"],
    secret: false,
    group: "location",
    inHeader: false,
    description: "Full SWR API endpoint URL, overriding the region's.",
  },
  cloud: {
    env: ["HW_CLOUD"],
    secret: false,
    group: "location",
    inHeader: false,
    description:
      "Domain of the Huawei Cloud site whose SWR and IAM endpoints the region names (default " +
      "`myhuaweicloud.com`, or `myhuaweicloud.eu` for the `eu-west-1xx` regions).",
  },
  accessKey: {
    env: ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK"],
    secret: true,
    group: "credentials",
    inHeader: true,
    credential: "aksk",
    description: "Access key (AK) for AK/SK signing.",
  },
  secretKey: {
    env: ["HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK"],
    secret: true,
    group: "credentials",
    inHeader: true,
    credential: "aksk",
    description: "Secret key (SK) for AK/SK signing.",
  },
  securityToken: {
    env: ["HW_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN"],
    secret: true,
    group: "credentials",
    inHeader: true,
    credential: "aksk",
    description: "Security token of temporary AK/SK credentials.",
  },
  projectId: {
    env: ["HW_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"],
    secret: false,
    group: "project",
    inHeader: true,
    description: "Project id, sent as `X-Project-Id`.",
  },
  authToken: {
    env: ["HW_AUTH_TOKEN"],
    secret: true,
    group: "credentials",
    inHeader: true,
    credential: "token",
    description: "IAM token, sent as `X-Auth-Token` instead of AK/SK signing.",
  },
  sharedConfigFile: {
    env: ["HW_SHARED_CONFIG_FILE"],
    secret: false,
    group: "credentials",
    inHeader: false,
    description:
      "Path of the KooCLI (`hcloud`) configuration file whose profile gives credentials, region and project " +
      "id (default `~/.hcloud/config.json` when a profile is named).",
  },
  profile: {
    env: ["HW_PROFILE"],
    secret: false,
    group: "credentials",
    inHeader: false,
    description: "Name of the KooCLI profile to use (default: the file's `current` profile).",
  },
  assumeRoleAgencyName: {
    env: ["HW_ASSUME_ROLE_AGENCY_NAME"],
    secret: false,
    group: "assumeRole",
    inHeader: false,
    description:
      "IAM agency to assume: the credentials found are exchanged with IAM for temporary ones of this agency, " +
      "and only those reach SWR.",
  },
  assumeRoleDomainName: {
    env: ["HW_ASSUME_ROLE_DOMAIN_NAME"],
    secret: false,
    group: "assumeRole",
    inHeader: false,
    description: "Account (domain) name that owns the agency to assume.",
  },
  assumeRoleDurationSeconds: {
    env: ["HW_ASSUME_ROLE_DURATION"],
    secret: false,
    group: "assumeRole",
    inHeader: false,
    description: "Lifetime of the assumed agency's credentials, 900 to 86400 seconds (default IAM's, 900).",
  },
  authUrl: {
    env: ["HW_AUTH_URL"],
    secret: false,
    group: "assumeRole",
    inHeader: false,
    description: "IAM endpoint for assuming an agency (default `https://iam.{region}.{cloud}/v3`).",
  },
  proxy: {
    // By the endpoint's scheme (see `resolveProxy`); `NO_PROXY` is read beside them.
    env: [...PROXY_ENV.https, ...PROXY_ENV.http],
    // A proxy URL may carry a user and password.
    secret: true,
    group: "proxy",
    inHeader: false,
    description:
      "Proxy URL, e.g. `http://user:password@proxy.example.com:3128` (secret: it may carry credentials); " +
      "`NO_PROXY` lists hosts reached directly.",
  },
} as const satisfies Readonly<Record<string, SettingSpec>>;

/** The name of one setting. */
export type SettingName = keyof typeof SETTINGS;

/** Every setting's name, in table order. */
export const SETTING_NAMES = Object.keys(SETTINGS) as readonly SettingName[];

/** The settings that are credentials. */
export const SECRET_SETTING_NAMES: readonly SettingName[] = SETTING_NAMES.filter(
  (name) => SETTINGS[name].secret,
);

/** A setting that travels in request headers: every one but the proxy, which is not sent at all. */
export type HeaderSettingName = Exclude<SettingName, "proxy">;

/** The settings that travel in request headers (or key the signature over them). */
export const HEADER_SETTING_NAMES: readonly HeaderSettingName[] = SETTING_NAMES.filter(
  (name): name is HeaderSettingName => SETTINGS[name].inHeader,
);

/** Whether `key` names a setting. */
export function isSettingName(key: string): key is SettingName {
  return Object.hasOwn(SETTINGS, key);
}

/**
 * The groups: where a source gives any setting of a group, the whole group comes from that source.
 * An explicit `region` is not overridden by an `endpoint` from config, and explicit keys are not
 * mixed with an IAM token from config (which would win over them).
 */
export const SETTING_GROUPS: ReadonlyArray<readonly SettingName[]> = [
  ...new Set(SETTING_NAMES.map((name) => SETTINGS[name].group)),
].map((group) => SETTING_NAMES.filter((name) => SETTINGS[name].group === group));

/** A setting's description with the environment variables it falls back to. */
export function describeSetting(name: SettingName): string {
  const { description, env } = SETTINGS[name];
  return `${description} Env ${env.map((variable) => `\`${variable}\``).join(", ")}.`;
}

/** Some settings, each of type `T` (a string, or a Pulumi input of one). */
export type SettingValues<T> = { readonly [K in SettingName]?: T };

/**
 * Where and how to reach SWR (each setting as {@link SETTINGS} describes it). Every field is
 * optional: what is missing comes from the environment.
 */
export type SwrSettings = SettingValues<string> & {
  /** Allow plain `http://` to a host that is not loopback. Off by default: credentials would travel in clear. */
  readonly allowInsecureHttp?: boolean;
};

/**
 * Layers settings from sources in order of preference: for each of {@link SETTING_GROUPS}, the first
 * source that gives any of the group supplies the group.
 *
 * @example
 * layerSettings({ region: "eu-west-101" }, { endpoint: "https://swr.example", accessKey: "AK", secretKey: "SK" });
 * // { region: "eu-west-101", accessKey: "AK", secretKey: "SK" }
 */
export function layerSettings<T>(...sources: ReadonlyArray<SettingValues<T>>): SettingValues<T> {
  const result: { [K in SettingName]?: T } = {};
  for (const group of SETTING_GROUPS) {
    const source = sources.find((s) => group.some((name) => s[name] !== undefined));
    if (source === undefined) continue;
    for (const name of group) if (source[name] !== undefined) result[name] = source[name];
  }
  return result;
}

/**
 * The environment with the variables of every group that `given` gives any setting of removed: the
 * environment as the last source, without mixing an invoke's `region` with `HW_SWR_ENDPOINT`, or its
 * keys with `HW_AUTH_TOKEN`.
 */
export function environmentBeneath(given: SettingValues<string>, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const fallback = { ...env };
  for (const group of SETTING_GROUPS) {
    if (!group.some((name) => given[name])) continue;
    for (const name of group) for (const variable of SETTINGS[name].env) delete fallback[variable];
  }
  return fallback;
}
