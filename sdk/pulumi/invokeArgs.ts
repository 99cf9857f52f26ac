import * as pulumi from "@pulumi/pulumi";
import { isSettingName, SettingName, SwrSettings } from "../client/settings";
import { invokeSettings } from "./stackConfig";

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
export type OutputArgsOf<T> = { readonly [K in keyof T]: pulumi.Input<NonNullable<T[K]>> };

/**
 * Whether an invoke of `token` with `opts` goes to an explicit provider (`{ provider }`, or a parent's
 * `providers`) rather than the default one, whose settings are the stack's `swr:*` config.
 */
export function usesExplicitProvider(token: string, opts: pulumi.InvokeOptions | undefined): boolean {
  return opts?.provider !== undefined || opts?.parent?.getProvider(token) !== undefined;
}

/**
 * The invoke arguments of function `token`: its own arguments as given (the plugin validates them),
 * then the settings, credentials as secrets, then `extra`. For the default provider the settings are
 * layered with the stack's `swr:*` config (see {@link invokeSettings}); for an explicit provider
 * (`{ provider }` in `opts`) only the arguments' own are sent, so that provider's configuration,
 * not the stack's, fills the rest in the plugin.
 */
export function functionInvokeArgs(
  token: string,
  args: object,
  opts: pulumi.InvokeOptions | undefined,
  extra: pulumi.Inputs = {},
): pulumi.Inputs {
  const own: pulumi.Inputs = {};
  const settings: { [K in SettingName]?: pulumi.Input<string> } = {};
  for (const [key, value] of Object.entries(args) as Array<[string, pulumi.Input<unknown>]>) {
    if (value === undefined) continue;
    if (isSettingName(key)) settings[key] = value as pulumi.Input<string>;
    else own[key] = value;
  }
  const explicit = usesExplicitProvider(token, opts);
  return { ...own, ...invokeSettings(settings, explicit ? null : undefined), ...extra };
}

/** `true` when `A` and `B` are each assignable to the other, else `false`. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * `true` when the arguments a documented `Args` interface adds to the settings are exactly `Query`'s
 * keys, each of the type `Query` gives it (readonly aside); else `false`. For compile-time checks that
 * an SDK interface written out for its TSDoc names exactly what a table of arguments derives.
 */
export type DocumentsExactly<Args, Query> =
  Same<keyof Omit<Args, keyof SwrFunctionSettings>, keyof Query> extends true
    ? Same<Omit<Args, keyof SwrFunctionSettings>, Readonly<Query>>
    : false;

/** Compiles only when `T` is `true`. */
export type Holds<T extends true> = T;
