// Its own file, without zod, so that the emulator (which refuses what SWR refuses) checks names by
// the same rule and starts without the query rules.
/**
 * The organization-name rule, as SWR states it. Returns the broken rule, or `undefined` when the name is valid.
 *
 * @example
 * organizationNameProblem("team__a"); // undefined
 * organizationNameProblem("Team-A"); // "may contain only lowercase letters, …"
 */
export function organizationNameProblem(value: string): string | undefined {
  if (value.length < 1 || value.length > 64) return "must be 1 to 64 characters long";
  if (!/^[a-z0-9._-]+$/.test(value))
    return "may contain only lowercase letters, digits, periods (.), underscores (_) and hyphens (-)";
  if (!/^[a-z]/.test(value)) return "must start with a lowercase letter";
  if (!/[a-z0-9]$/.test(value)) return "must end with a lowercase letter or a digit";
  if (/___/.test(value)) return "may not contain more than two consecutive underscores";
  if (/[._-]{2,}/.test(value.replace(/__/g, "_")))
    return "may not contain two adjacent periods, underscores or hyphens, except two consecutive underscores";
  return undefined;
}
