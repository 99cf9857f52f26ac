/** The stack's `swr:*` config, and the settings an invoke sends to the plugin. */
import * as pulumi from "@pulumi/pulumi";
import {
  layerSettings,
  SECRET_SETTING_NAMES,
  SETTING_NAMES,
  SettingName,
  SettingValues,
} from "../client/settings";

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
