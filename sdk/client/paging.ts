import { setMaxListeners } from "node:events";
import { ContentRange } from "./contentRange";
import { SwrListingError, SwrResponseError } from "./errors";

/** An abort signal of our own, aborted when the caller's is, and on {@link LinkedAbort.dispose}. */
export interface LinkedAbort {
  readonly signal: AbortSignal;
  /** Aborts what is still in flight and stops following the caller's signal. */
  dispose(): void;
}

/**
 * A controller linked to the caller's `outer` signal, so that a consumer who stops a listing early
 * can cancel the pages still in flight without aborting the caller's signal.
 */
export function linkedAbort(outer: AbortSignal | undefined): LinkedAbort {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per request in flight, by design
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  outer?.addEventListener("abort", onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      outer?.removeEventListener("abort", onOuterAbort);
      controller.abort();
    },
  };
}

/**
 * Yields pages `from` … `end - 1` in order, keeping up to `window` requests in flight ahead of the
 * consumer. A page that fails is thrown when its turn comes; pages fetched ahead of a consumer who
 * stops early are marked handled (cancel them through the signal `fetch` uses).
 */
export async function* prefetchPages<P>(
  fetch: (index: number) => Promise<P>,
  from: number,
  end: number,
  window: number,
): AsyncGenerator<{ index: number; page: P }, void, undefined> {
  const inflight = new Map<number, Promise<P>>();
  let next = from;
  for (let index = from; index < end; index++) {
    while (next < end && inflight.size < window) {
      const pending = fetch(next);
      pending.catch(() => undefined); // awaited in order below; this only marks it handled if we stop early
      inflight.set(next++, pending);
    }
    const page = await (inflight.get(index) as Promise<P>);
    inflight.delete(index);
    yield { index, page };
  }
}

/** The `Content-Range` of a page requested with `limit` and `offset`, which the server must send. */
export function requireRange(page: {
  readonly range?: ContentRange;
  readonly requestId?: string;
}): ContentRange {
  if (!page.range)
    throw new SwrResponseError(
      "Content-Range",
      "is missing from a response to a request with limit and offset",
      {
        requestId: page.requestId,
        statusCode: 200,
      },
    );
  return page.range;
}

/** How a listing's messages name what it lists. */
export interface ListedItems {
  /** One item, as in "the repository set changed". */
  readonly one: string;
  /** Several, as in "page 3 holds 7 repositories". */
  readonly many: string;
}

/** The `set-changed` failure of a listing of `items`. */
export function setChanged(
  items: ListedItems,
  detail: string,
  requestId: string | undefined,
): SwrListingError {
  return new SwrListingError(
    "set-changed",
    `the ${items.one} set changed while it was being listed: ${detail}`,
    {
      requestId,
    },
  );
}

/**
 * Holds page `index` of a listing to the total page 0 reported and to the row count that total
 * implies; anything else means the set moved under the listing.
 */
export function checkPageShape(
  page: { readonly range?: ContentRange; readonly requestId?: string },
  rows: number,
  index: number,
  total: number,
  pageSize: number,
  items: ListedItems,
): void {
  const range = requireRange(page);
  if (range.total !== total)
    throw setChanged(
      items,
      `page ${index} reports ${range.total} ${items.many}, page 0 reported ${total}`,
      page.requestId,
    );
  const expected = Math.min(pageSize, total - index * pageSize);
  if (rows !== expected)
    throw setChanged(
      items,
      `page ${index} holds ${rows} ${items.many}, ${expected} expected`,
      page.requestId,
    );
}
