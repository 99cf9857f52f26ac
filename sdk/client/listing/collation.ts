import { compareStrings } from "../stringOrder";

/** A comparison of two order keys: negative, zero or positive. */
export type Comparator = (a: string, b: string) => number;

/** Lexicographic order by UTF-16 code unit, the same on every machine (a binary collation, as PostgreSQL's "C"). */
export const binaryOrder: Comparator = compareStrings;

/**
 * Binary order of the upper-cased text, as MySQL's `*_general_ci` collations compare ASCII: there
 * `_` (0x5F) sorts after the letters (folded to 0x41–0x5A), where in binary order it sorts before them.
 */
export const caseFoldedOrder: Comparator = (a, b) => binaryOrder(a.toUpperCase(), b.toUpperCase());

// Built on first use: a collator costs milliseconds, which every process that loads the client
// would otherwise pay at start-up, and a listing needs it only when binary order does not fit.
let icu: Intl.Collator | undefined;
/** Unicode collation (ICU's, as databases with a linguistic collation use): punctuation before digits before letters. */
export const unicodeOrder: Comparator = (a, b) =>
  (icu ??= new Intl.Collator("en", { sensitivity: "variant" })).compare(a, b) || binaryOrder(a, b);

/**
 * The collations a server may sort repository names in. SWR does not document its collation, and
 * the listing only needs to know that equal names are adjacent and that every page agrees with one
 * order; so each page is held to whichever of these still fits every page seen so far.
 */
export const NAME_COLLATIONS: readonly Comparator[] = [binaryOrder, caseFoldedOrder, unicodeOrder];

/** SWR timestamps are fixed-width UTC text, so every collation orders them as time. */
export const TIMESTAMP_COLLATIONS: readonly Comparator[] = [binaryOrder];

/** True when `keys` never decrease under `compare`. */
export function isSorted(keys: readonly string[], compare: Comparator): boolean {
  for (let i = 1; i < keys.length; i++) if (compare(keys[i - 1], keys[i]) > 0) return false;
  return true;
}
