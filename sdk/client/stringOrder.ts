/**
 * Binary string order, the one order every sort of the client, the drift report and the inventory
 * uses: lexicographic by UTF-16 code unit, the same on every machine and locale (unlike
 * `localeCompare`), as PostgreSQL's "C" collation orders text.
 *
 * @example
 * ["b", "B", "a"].sort(compareStrings); // ["B", "a", "b"]
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
