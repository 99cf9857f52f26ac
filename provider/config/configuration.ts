/**
 * The provider's own configuration: what `CheckConfig`, `DiffConfig` and `Configure` do with the
 * settings a stack gives the `swr` provider (`swr:*` stack config for the default provider, the
 * inputs of an explicit `pulumi:providers:swr`), independent of gRPC.
 */
import { SwrInputError } from "../../sdk/client/errors";
import { resolveSettings } from "../../sdk/client/resolveSettings";
import {
  isSettingName,
  SETTING_NAMES,
  SettingName,
  SETTINGS,
  SettingValues,
} from "../../sdk/client/settings";
import { plainArgs, SECRET_SIGNATURE, SECRET_SIGNATURE_KEY } from "../grpc/rpcValues";

/** A failure of `CheckConfig`: the engine shows it with the provider's type and name. */
export interface ConfigFailure {
  /** The input at fault; empty for a credential, whose value the engine would print beside it. */
  readonly property: string;
  readonly reason: string;
}

/** What `CheckConfig` answers: the checked inputs (credentials marked secret), or failures. */
export interface ConfigCheck {
  readonly inputs: Record<string, unknown>;
  readonly failures: readonly ConfigFailure[];
}

/**
 * Keys the engine itself puts among a provider's inputs: the plugin version it asked for. It is
 * passed back unchanged (the engine rejects a changed one).
 */
const ENGINE_KEYS: readonly string[] = ["version"];

const isSecretSetting = (name: SettingName): boolean => SETTINGS[name].secret;

/** A value the engine stores encrypted: its secret wrapper, as `Struct` carries it. */
export function secretValue(value: unknown): Record<string, unknown> {
  return { [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

/**
 * The provider's name from its URN (`urn:pulumi:dev::proj::pulumi:providers:swr::eu` → `eu`), and
 * whether the engine made it from stack config: its default providers are named `default` or
 * `default_<version>`.
 */
export function providerOf(urn: string): { readonly name: string; readonly isDefault: boolean } {
  const name = urn.split("::").pop() ?? "";
  return { name, isDefault: name === "default" || name.startsWith("default_") };
}

/**
 * How a message names a setting: for the default provider the stack config key (`swr:region`),
 * for an explicit one its input (`region of provider "eu"`).
 */
export function settingLabel(urn: string): (name: string) => string {
  const provider = providerOf(urn);
  return provider.isDefault || provider.name === ""
    ? (name) => `swr:${name}`
    : (name) => `${name} of provider "${provider.name}"`;
}

/**
 * Checks a provider's settings as `CheckConfig` receives them (the engine sends them without secret
 * wrappers): each must be a string; unknown keys are rejected, as are values the client would reject
 * (a malformed region, endpoint or project id). Settings that are missing are not an error here: the
 * plugin's environment or each invoke may supply them. The checked inputs mark every credential
 * secret, so the engine keeps it encrypted in the state even when it was set without `--secret`.
 */
export function checkProviderConfig(
  news: Record<string, unknown>,
  label: (name: string) => string,
): ConfigCheck {
  const failures: ConfigFailure[] = [];
  const inputs: Record<string, unknown> = {};
  const given: { [K in SettingName]?: string } = {};
  const fail = (name: string, rule: string) =>
    failures.push({
      property: isSettingName(name) && isSecretSetting(name) ? "" : name,
      reason: `${label(name)}: ${rule}`,
    });

  for (const [key, value] of Object.entries(plainArgs(news) as Record<string, unknown>)) {
    if (ENGINE_KEYS.includes(key)) {
      inputs[key] = value;
    } else if (!isSettingName(key)) {
      fail(
        key,
        `is not a setting of the swr provider; its settings are ${SETTING_NAMES.map(label).join(", ")}`,
      );
    } else if (typeof value !== "string") {
      fail(key, "must be a string");
    } else if (value !== "") {
      given[key] = value;
      inputs[key] = isSecretSetting(key) ? secretValue(value) : value;
    }
  }
  failures.push(
    ...settingIssues(given).map((issue) => ({
      ...issue,
      reason: `${label(issue.property)}: ${issue.reason}`,
    })),
  );
  return { inputs, failures };
}

/**
 * What the client would reject in these settings alone (no environment): a malformed region,
 * endpoint or project id. Rules about settings that are absent are left out.
 */
function settingIssues(given: SettingValues<string>): ConfigFailure[] {
  try {
    resolveSettings(given, {});
    return [];
  } catch (error) {
    if (!(error instanceof SwrInputError)) throw error;
    return error.issues
      .filter((issue) => isSettingName(issue.field) && given[issue.field] !== undefined)
      .map((issue) => ({ property: issue.field, reason: issue.rule }));
  }
}

/**
 * The keys whose value differs between the provider's old and new inputs (as `DiffConfig` receives
 * them, without secret wrappers). A change never replaces the provider: it holds no resources, so
 * the engine reconfigures it in place.
 */
export function changedConfigKeys(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const before = plainArgs(olds) as Record<string, unknown>;
  const after = plainArgs(news) as Record<string, unknown>;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}

/**
 * The settings `Configure` gives the provider: from `args` (the checked inputs, credentials maybe
 * secret-wrapped) when the engine sends them, else from the older `variables` map, keyed
 * `swr:config:<name>` (or `swr:<name>`). Empty values count as unset; what is not a string setting
 * is ignored (`CheckConfig` already rejected it).
 */
export function configuredSettings(
  args: Record<string, unknown> | undefined,
  variables: ReadonlyMap<string, string>,
): SettingValues<string> {
  const settings: { [K in SettingName]?: string } = {};
  const source =
    args === undefined
      ? Object.fromEntries(
          [...variables].map(([key, value]) => [key.replace(/^swr:(config:)?/, ""), value] as const),
        )
      : (plainArgs(args) as Record<string, unknown>);
  for (const name of SETTING_NAMES) {
    const value = source[name];
    if (typeof value === "string" && value !== "") settings[name] = value;
  }
  return settings;
}
