import * as pulumi from "@pulumi/pulumi";

/**
 * The settings a Pulumi program can give, as invoke arguments and as `swr:*` stack config. They are
 * `SwrSettings` without `allowInsecureHttp`: a stack talks to SWR over HTTPS (or to loopback).
 */
export const SETTING_NAMES = [
  "region",
  "endpoint",
  "accessKey",
  "secretKey",
  "securityToken",
  "projectId",
  "authToken",
  "proxy",
] as const;

/** The name of one setting, the same in invoke arguments and in stack config (`swr:<name>`). */
export type SettingName = (typeof SETTING_NAMES)[number];

/** Settings that are credentials: they travel as Pulumi secrets and the schema marks them secret. */
export const SECRET_SETTING_NAMES: readonly SettingName[] = [
  "accessKey",
  "secretKey",
  "securityToken",
  "authToken",
  // A proxy URL may carry a user and password.
  "proxy",
];

/**
 * Settings that only mean something together. Where a source gives any setting of a group, the whole
 * group comes from that source: an explicit `region` is not overridden by an `endpoint` from config,
 * and explicit keys are not mixed with an IAM token from config (which would win over them).
 */
export const SETTING_GROUPS: ReadonlyArray<readonly SettingName[]> = [
  ["region", "endpoint"],
  ["accessKey", "secretKey", "securityToken", "authToken"],
  ["projectId"],
  ["proxy"],
];

/** Some settings, each of type `T` (a string, or a Pulumi input of one). */
export type SettingValues<T> = { readonly [K in SettingName]?: T };

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
 * The `swr:*` settings of the current stack (`pulumi config set swr:region ap-southeast-1`,
 * `pulumi config set --secret swr:secretKey …`). Credentials come back as secret outputs whether or
 * not they were stored with `--secret`; empty values count as unset.
 */
export function stackConfigSettings(config = new pulumi.Config("swr")): SettingValues<pulumi.Input<string>> {
  const values: { [K in SettingName]?: pulumi.Input<string> } = {};
  for (const name of SETTING_NAMES) {
    if (!config.get(name)) continue;
    values[name] = SECRET_SETTING_NAMES.includes(name) ? config.getSecret(name) : config.get(name);
  }
  return values;
}

/**
 * The settings an invoke sends to the plugin: the explicit ones, then the stack's `swr:*` config, by
 * group (see {@link layerSettings}); credentials wrapped as secrets. Settings given by neither are left
 * out, and the plugin falls back to its provider's configuration, then its environment
 * (`HW_REGION_NAME`, `HW_ACCESS_KEY`, …). With `config` null (an explicit provider), only `explicit`.
 */
export function invokeSettings(
  explicit: SettingValues<pulumi.Input<string>>,
  config: pulumi.Config | null = new pulumi.Config("swr"),
): SettingValues<pulumi.Input<string>> {
  const given: { [K in SettingName]?: pulumi.Input<string> } = {};
  for (const name of SETTING_NAMES) {
    const value = explicit[name];
    if (value !== undefined && value !== "") given[name] = value;
  }
  const layered = config === null ? given : layerSettings(given, stackConfigSettings(config));
  const result: { [K in SettingName]?: pulumi.Input<string> } = {};
  for (const name of SETTING_NAMES) {
    const value = layered[name];
    if (value === undefined) continue;
    result[name] = SECRET_SETTING_NAMES.includes(name) ? pulumi.secret(value) : value;
  }
  return result;
}
