import { SwrListingError } from "../errors";

/** How a listing's messages name what it lists. */
export interface ListedItems {
  /** One item, as in "the repository set changed". */
  readonly one: string;
  /** Several, as in "page 3 holds 7 repositories". */
  readonly many: string;
}

/** The set moved under the listing: a collector starts over, a stream fails. */
export function setChanged(items: ListedItems, detail: string, requestId?: string): SwrListingError {
  return new SwrListingError(
    "set-changed",
    `the ${items.one} set changed while it was being listed: ${detail}`,
    {
      requestId,
    },
  );
}

/** The listing would take more pages than the caller allows. */
export function tooManyPages(
  pages: string,
  limit: number,
  maxPages: number,
  requestId?: string,
): SwrListingError {
  return new SwrListingError(
    "too-many-pages",
    `the listing needs ${pages} pages of ${limit}, more than maxPages (${maxPages}); narrow the query or raise maxPages`,
    { requestId },
  );
}
