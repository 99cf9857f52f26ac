import { SettingName, SETTINGS, SwrSettings } from "./settings";

/** A setting's value and where it came from: the option's name or the environment variable's. */
export interface PickedSetting {
  readonly value: string;
  readonly source: string;
}

/** A setting as given, else from its environment variables in order; empty values count as unset. */
export function pickSetting(
  explicit: SwrSettings,
  env: NodeJS.ProcessEnv,
  key: Exclude<SettingName, "proxy">,
): PickedSetting | undefined {
  const given = explicit[key];
  if (given !== undefined && given !== "") return { value: given, source: key };
  for (const name of SETTINGS[key].env) {
    const value = env[name];
    if (value !== undefined && value !== "") return { value, source: name };
  }
  return undefined;
}
