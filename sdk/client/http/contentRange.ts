/** What a page's `Content-Range` header says: `{offset}-{count}/{total}`. */
export interface ContentRange {
  /** The offset the page starts at. */
  readonly offset: number;
  /** How many items the page holds (SWR sends a count here, not an end index). */
  readonly count: number;
  /** How many items match the query in all. */
  readonly total: number;
}

const PATTERN = /^\s*(\d{1,15})-(\d{1,15})\/(\d{1,15})\s*$/;

/**
 * Parses SWR's `Content-Range`. Returns `undefined` when the header is absent, and a rule string
 * when it is present but malformed, so the caller can name it in an error.
 */
export function parseContentRange(value: string | undefined): ContentRange | string | undefined {
  if (value === undefined) return undefined;
  const m = PATTERN.exec(value);
  if (!m)
    return `expected "{offset}-{count}/{total}" with whole numbers, got ${JSON.stringify(value.slice(0, 80))}`;
  const [offset, count, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (count > 0 && offset + count > total)
    return `offset ${offset} plus count ${count} exceeds total ${total} in ${JSON.stringify(value)}`;
  return { offset, count, total };
}
