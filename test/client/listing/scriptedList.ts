/**
 * A list served from memory, page by page, as a server that is scripted to read `limit`/`offset` in
 * one way or another: the engine's parts are fed its pages, without HTTP.
 */
import { SwrApiError } from "../../../sdk/client";
import { FetchedPage } from "../../../sdk/client/listing/page";

/** One row of a scripted list: a unique key and the order key the route sorts by. */
export interface Item {
  readonly key: string;
  readonly order: string;
}

/** How the scripted server answers. */
export interface Script {
  /** The largest limit it takes; above it, 400 `SVCSTG.SWR.4000056`. */
  readonly maxLimit?: number;
  /** The most rows it serves a page, whatever was asked. */
  readonly servedRows?: number;
  /** Whether it says its total (default true). */
  readonly counts?: boolean;
  /** Reverses each tie group on every other request, as a server that breaks ties afresh. */
  readonly unstableTies?: boolean;
}

/** A scripted list: `fetchAt` serves it, `requests` records what was asked. */
export function scriptedList(items: readonly Item[], script: Script = {}) {
  const requests: Array<[limit: number, offset: number]> = [];
  const fetchAt = async (limit: number, offset: number): Promise<FetchedPage<Item>> => {
    requests.push([limit, offset]);
    if (offset % limit !== 0) throw new Error(`offset ${offset} is not a multiple of limit ${limit}`);
    if (limit > (script.maxLimit ?? 1000))
      throw new SwrApiError(400, "SVCSTG.SWR.4000056", "bad limit", `req-${requests.length}`);
    const order = script.unstableTies && requests.length % 2 === 0 ? reverseTies(items) : items;
    const served = Math.min(limit, script.servedRows ?? Infinity);
    return {
      rows: order.slice(offset, offset + served),
      total: script.counts === false ? undefined : items.length,
      requestId: `req-${requests.length}`,
    };
  };
  return { fetchAt, requests };
}

/** `items` (sorted by order key) with every tie group reversed. */
function reverseTies(items: readonly Item[]): Item[] {
  const out: Item[] = [];
  for (let i = 0; i < items.length;) {
    let j = i;
    while (j < items.length && items[j].order === items[i].order) j++;
    out.push(...items.slice(i, j).reverse());
    i = j;
  }
  return out;
}

/** `count` items in order, `tie` to a group (`k0`, `k1`, … with order keys `o000`, `o000`, …). */
export function items(count: number, tie = 1): Item[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `k${i}`,
    order: `o${String(Math.floor(i / tie)).padStart(4, "0")}`,
  }));
}

export const ITEMS = { one: "item", many: "items" } as const;
