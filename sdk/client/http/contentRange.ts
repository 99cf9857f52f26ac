/**
 * What a page's `Content-Range` header says. The seed documents `{offset}-{count}/{total}`; most
 * servers write `{first}-{last}/{total}` (an end index, the HTTP habit), and HTTP writes an empty
 * range as a `*` before the total. The listing reads only the total, which every convention writes alike.
 */
export interface ContentRange {
  /** The first number (the page's offset), when the range is not `*`. */
  readonly first?: number;
  /**
   * The middle number as sent, when the range is not `*`: a count in the seed's convention, an end
   * index in HTTP's. Nothing is decided from it: the two readings agree only by accident.
   */
  readonly second?: number;
  /** How many items the query matches in all; `undefined` when the server wrote `*`. */
  readonly total?: number;
}

// An optional unit (`items 0-9/10`, as some gateways write it), a range or `*`, a total or `*`.
const PATTERN = /^\s*(?:[A-Za-z]+\s+)?(?:(\d{1,15})-(\d{1,15})|\*)\/(\d{1,15}|\*)\s*$/;

/**
 * Parses a `Content-Range`. Returns `undefined` when the header is absent, and a rule string when
 * it is present but malformed, so the caller can name it in an error. The middle number is never
 * held to the body: whether it is a count or an end index, the page's rows are what the body holds.
 *
 * @example
 * parseContentRange("0-999/2345"); // { first: 0, second: 999, total: 2345 }
 */
export function parseContentRange(value: string | undefined): ContentRange | string | undefined {
  if (value === undefined) return undefined;
  const m = PATTERN.exec(value);
  if (!m)
    return `expected "{offset}-{count}/{total}" (or an end index in the middle) with whole numbers, got ${JSON.stringify(value.slice(0, 80))}`;
  const total = m[3] === "*" ? undefined : Number(m[3]);
  if (m[1] === undefined) return { total };
  return { first: Number(m[1]), second: Number(m[2]), total };
}
