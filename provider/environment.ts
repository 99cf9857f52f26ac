import { ENV_NAMES } from "../sdk/client/settings";
import { SETTING_GROUPS, SettingValues } from "../sdk/config";

/**
 * The plugin's environment as a fallback for invoke settings: the variables of every settings group
 * the invoke gave any of are removed, so an invoke's `region` is not overridden by `HW_SWR_ENDPOINT`
 * and its keys are not mixed with `HW_SECURITY_TOKEN` or `HW_AUTH_TOKEN` (see `SETTING_GROUPS`).
 */
export function fallbackEnvironment(given: SettingValues<string>, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const fallback = { ...env };
  for (const group of SETTING_GROUPS) {
    if (!group.some((name) => given[name])) continue;
    for (const name of group) for (const variable of ENV_NAMES[name]) delete fallback[variable];
  }
  return fallback;
}
