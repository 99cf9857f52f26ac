import { CATEGORIES } from "../sdk/client/query/categories";

/**
 * SWR's organization-name rule: 1–64 characters, a lower-case letter first, a letter or digit
 * last, only `[a-z0-9._-]`, and separators never adjacent — except that `__` counts as one.
 */
const ORGANIZATION_NAME = /^[a-z][a-z0-9]*(?:(?:__|[._-])[a-z0-9]+)*$/;

/** Whether `value` is a valid SWR organization (namespace) name. */
export function isOrganizationName(value: string): boolean {
  return value.length >= 1 && value.length <= 64 && ORGANIZATION_NAME.test(value);
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
