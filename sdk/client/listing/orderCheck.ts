import { Comparator, isSorted } from "./collation";

/** The server did not honour a route's order: the listing moves on to the next route, or fails. */
export class OrderNotHonoured extends Error {}

/**
 * Holds the pages of one listing to one collation of its route's order, and keeps each page's order
 * keys for the tie repair. One page holds everything in any order; more must all agree with one
 * collation (SWR does not document its collation). The first that fits is held to; a page it does
 * not fit makes the check look for another that fits every page so far, and when none does the
 * route's order was not honoured.
 */
export class OrderCheck {
  readonly #keys: Array<readonly string[] | undefined>;
  #order: Comparator;

  constructor(
    private readonly collations: readonly Comparator[],
    private readonly pageCount: number,
  ) {
    this.#keys = new Array(pageCount);
    this.#order = collations[0];
  }

  /** The order keys of page `index`, once it has arrived. */
  keys(index: number): readonly string[] | undefined {
    return this.#keys[index];
  }

  /** Records page `index`'s keys; throws {@link OrderNotHonoured} when no collation fits every page so far. */
  record(index: number, keys: readonly string[], requestId?: string): void {
    this.#keys[index] = keys;
    if (this.pageCount <= 1) return;
    const fits = (compare: Comparator) =>
      isSorted(keys, compare) &&
      this.#boundaryFits(compare, index) &&
      (index + 1 >= this.pageCount || this.#boundaryFits(compare, index + 1));
    if (fits(this.#order)) return;
    const previous = this.#order;
    const other = this.collations.find((compare) => compare !== previous && this.#fitsEverything(compare));
    if (other) {
      this.#order = other;
      return;
    }
    const at = keys.findIndex((key, i) => i > 0 && previous(keys[i - 1], key) > 0);
    throw new OrderNotHonoured(
      (at > 0
        ? `page ${index} lists ${JSON.stringify(keys[at - 1])} before ${JSON.stringify(keys[at])}`
        : `page ${index} does not follow on from its neighbours`) + ` (request id ${requestId ?? "none"})`,
    );
  }

  /** The key the boundary before page `b` cuts, when the pages on both sides are in and their edge keys tie. */
  tieAt(b: number): string | undefined {
    const left = this.#keys[b - 1]?.at(-1);
    return left !== undefined && left === this.#keys[b]?.[0] ? left : undefined;
  }

  #boundaryFits(compare: Comparator, b: number): boolean {
    const left = this.#keys[b - 1];
    const right = this.#keys[b];
    return !left?.length || !right?.length || compare(left[left.length - 1], right[0]) <= 0;
  }

  #fitsEverything(compare: Comparator): boolean {
    return this.#keys.every(
      (k, p) => (k === undefined || isSorted(k, compare)) && (p === 0 || this.#boundaryFits(compare, p)),
    );
  }
}
