import type { OrderDirection, Page } from "./queryParameters";
import type { Random } from "./random";

/**
 * How both lists order and page their rows: by one key in a direction, then the window of a page,
 * with ties optionally drawn afresh on every request.
 */

/** Compares two keys: strings by code unit, numbers by value. */
export function compareKeys(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares rows by one key only, in a direction; rows with equal keys compare equal (a tie). */
export function byKey<T>(
  key: (row: T) => string | number,
  direction: OrderDirection,
): (a: T, b: T) => number {
  const sign = direction === "asc" ? 1 : -1;
  return (a, b) => sign * compareKeys(key(a), key(b));
}

/**
 * The rows of one page of `matches` (already in order): `page`, or the first `pageSize` when no
 * page was asked for. With `shuffleTies`, the rows of every tie group (by `compare`) on the page are
 * a fresh random draw from that group — as from a server that breaks ties arbitrarily, which makes
 * naive offset paging skip or repeat rows.
 */
export function pageRows<T>(
  matches: readonly T[],
  page: Page | undefined,
  pageSize: number,
  compare: (a: T, b: T) => number,
  shuffleTies: Random | undefined,
): T[] {
  const start = Math.min(page?.offset ?? 0, matches.length);
  const end = Math.min(start + (page?.limit ?? pageSize), matches.length);
  return shuffleTies ? shuffledWindow(matches, start, end, compare, shuffleTies) : matches.slice(start, end);
}

/**
 * Rows `[start, end)` of `matches` with every tie group permuted afresh. Positions in a uniformly
 * permuted group are exchangeable, so the rows a group puts on the page are a uniform random
 * draw from the whole group: O(page) work, however large the group.
 */
function shuffledWindow<T>(
  matches: readonly T[],
  start: number,
  end: number,
  compare: (a: T, b: T) => number,
  random: Random,
): T[] {
  const page: T[] = [];
  for (let position = start; position < end;) {
    const pivot = matches[position];
    const groupStart = firstIndex(matches, 0, position, (row) => compare(row, pivot) >= 0);
    const groupEnd = firstIndex(matches, position, matches.length, (row) => compare(row, pivot) > 0);
    const take = Math.min(groupEnd, end) - position;
    for (const index of random.sample(groupEnd - groupStart, take)) page.push(matches[groupStart + index]);
    position += take;
  }
  return page;
}

/** The first index in `[low, high)` whose row satisfies a predicate monotone over the order (binary search). */
function firstIndex<T>(
  rows: readonly T[],
  low: number,
  high: number,
  predicate: (row: T) => boolean,
): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (predicate(rows[middle])) high = middle;
    else low = middle + 1;
  }
  return low;
}
