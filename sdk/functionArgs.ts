import * as pulumi from "@pulumi/pulumi";
import { SwrSettings } from "./client/settings";
import { invokeSettings, SETTING_NAMES, SettingName } from "./config";

/**
 * Where and how to reach SWR, for any function of the `swr` plugin: {@link SwrSettings} but
 * `allowInsecureHttp` (a stack talks to SWR over HTTPS, or to loopback). Each setting comes from, in
 * order: these arguments, the stack's `swr:*` config (`pulumi config set swr:region ap-southeast-1`,
 * `pulumi config set --secret swr:secretKey …`), then the plugin's environment (`HW_*`). Settings that
 * belong together — location (`region`/`endpoint`) and credentials (`accessKey`/`secretKey`/
 * `securityToken`/`authToken`) — come from one source as a group: the first source that gives any.
 * Credentials travel to the plugin as secrets.
 */
export type SwrFunctionSettings = Omit<SwrSettings, "allowInsecureHttp">;

/** Arguments `T` whose fields may be outputs of other resources (the `…OutputArgs` of a function). */
export type OutputArgsOf<T> = { readonly [K in keyof T]: pulumi.Input<T[K]> };

/**
 * The invoke arguments of an `swr` function: its own arguments as given (the plugin validates them),
 * then the settings layered with the stack's `swr:*` config, credentials as secrets (see
 * {@link invokeSettings}), then `extra`.
 */
export function functionInvokeArgs(args: object, extra: pulumi.Inputs = {}): pulumi.Inputs {
  const own: pulumi.Inputs = {};
  const settings: { [K in SettingName]?: pulumi.Input<string> } = {};
  for (const [key, value] of Object.entries(args) as Array<[string, pulumi.Input<unknown>]>) {
    if (value === undefined) continue;
    if ((SETTING_NAMES as readonly string[]).includes(key))
      settings[key as SettingName] = value as pulumi.Input<string>;
    else own[key] = value;
  }
  return { ...own, ...invokeSettings(settings), ...extra };
}
