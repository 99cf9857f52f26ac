/**
 * Where a validation issue points, as every message of the package names it: property names joined
 * by `.`, array indexes in brackets, under `root` when one is given.
 *
 * @example
 * issuePath("baseline", [3, "isPublic"]); // "baseline[3].isPublic"
 * issuePath("", ["filter", "orderType"]); // "filter.orderType"
 * issuePath("", [0, "name"]); // "[0].name"
 */
export function issuePath(root: string, path: readonly PropertyKey[]): string {
  let text = root;
  for (const part of path)
    text += typeof part === "number" ? `[${part}]` : text === "" ? String(part) : `.${String(part)}`;
  return text;
}
