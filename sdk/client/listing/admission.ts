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
 * The two fields a row's key joins (a repository's organization and name), for a listing to hold
 * apart: de-duplication then builds no joined string per row, and keeps none alive.
 */
export interface KeyParts<Row> {
  group(row: Row): string;
  name(row: Row): string;
}

/**
 * The step bookkeeping of a listing: which rows it has seen (by key, across the routes it tried),
 * and of the rows a step brings, those seen for the first time that meet the query.
 */
export class Admission<Row> {
  readonly #seen: Seen<Row>;

  /** With `parts`, rows are told apart by those two fields, which must make the same key as `key`. */
  constructor(
    key: (row: Row) => string,
    private readonly accepts: (row: Row) => boolean,
    parts?: KeyParts<Row>,
  ) {
    this.#seen = parts ? new SeenPairs(parts) : new SeenKeys(key);
  }

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
    for (const row of rows) if (this.#seen.add(row) && this.accepts(row)) fresh.push(row);
    return { rows: fresh, kind, index, listed: this.#seen.size, total, requestId };
  }
}

/** The rows seen so far. */
interface Seen<Row> {
  readonly size: number;
  /** Records `row`; false when a row of its key was seen before. */
  add(row: Row): boolean;
}

class SeenKeys<Row> implements Seen<Row> {
  readonly #keys = new Set<string>();

  constructor(private readonly key: (row: Row) => string) {}

  get size(): number {
    return this.#keys.size;
  }

  add(row: Row): boolean {
    const key = this.key(row);
    if (this.#keys.has(key)) return false;
    this.#keys.add(key);
    return true;
  }
}

class SeenPairs<Row> implements Seen<Row> {
  readonly #names = new Map<string, Set<string>>();
  size = 0;

  constructor(private readonly parts: KeyParts<Row>) {}

  add(row: Row): boolean {
    const group = this.parts.group(row);
    const name = this.parts.name(row);
    let names = this.#names.get(group);
    if (names === undefined) this.#names.set(group, (names = new Set()));
    else if (names.has(name)) return false;
    names.add(name);
    this.size++;
    return true;
  }
}
