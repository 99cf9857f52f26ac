import { CATEGORIES } from "../sdk/client/query/categories";
import { organizationNameProblem } from "../sdk/client/query/organizationName";

/**
 * Whether `value` is a valid SWR organization (namespace) name: the client's rule, as SWR states it,
 * so that emulator and client cannot disagree; the tests hold their own cases, so a change to it is seen.
 */
export function isOrganizationName(value: string): boolean {
  return organizationNameProblem(value) === undefined;
}

/**
 * The repository categories SWR accepts: the client's list (as the official SDKs give it), so that
 * emulator and client cannot disagree; the tests hold their own copy, so a change to it is seen.
 */
export { CATEGORIES };

/** Whether `value` is one of {@link CATEGORIES}. */
export function isCategory(value: string): boolean {
  return (CATEGORIES as readonly string[]).includes(value);
}
