/** One step of a streamed listing. */
export interface ListingStep<Row> {
  /** Rows seen for the first time in this step that meet the query, in the server's order. */
  readonly rows: readonly Row[];
  /** `page` for the n-th page of the listing, `repair` for the rows of a tie group recovered. */
  readonly kind: "page" | "repair";
  /** The page's number (from 0), or the repair's (from 1). */
  readonly index: number;
  /** Distinct rows the server has sent so far, those the client dropped included. */
  readonly listed: number;
  /** How many rows the server said match the request. */
  readonly total: number;
  /** `X-Request-Id` of the response (of the last one, for a repair). */
  readonly requestId?: string;
}

/**
 * The step bookkeeping of a listing: which rows it has seen (by key, across the routes it tried),
 * and of the rows a step brings, those seen for the first time that meet the query.
 */
export class Admission<Row> {
  readonly #seen = new Set<string>();

  constructor(
    private readonly key: (row: Row) => string,
    private readonly accepts: (row: Row) => boolean,
  ) {}

  /** Distinct rows seen so far, those the query drops included. */
  get listed(): number {
    return this.#seen.size;
  }

  /** The step of `rows`: those seen for the first time that meet the query. */
  step(
    kind: ListingStep<Row>["kind"],
    index: number,
    rows: readonly Row[],
    total: number,
    requestId: string | undefined,
  ): ListingStep<Row> {
    const fresh: Row[] = [];
    for (const row of rows) {
      const key = this.key(row);
      if (this.#seen.has(key)) continue;
      this.#seen.add(key);
      if (this.accepts(row)) fresh.push(row);
    }
    return { rows: fresh, kind, index, listed: this.#seen.size, total, requestId };
  }
}
