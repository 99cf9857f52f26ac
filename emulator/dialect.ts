/**
 * How the emulator reads what SWR's documentation leaves open. A real server does one of these,
 * and a client cannot ask which, so the client must be exact against every one.
 */
export interface Dialect {
  /**
   * What a plain `order_column` other than the documented `updated_at` gets (`name`, `tag_count`…
   * on the repository list, `tag` on the tag list; and `tag` inside the tag list's `filter`):
   * honoured, refused with 400 `SVCSTG.SWR.4001025`, or ignored, leaving the default order.
   */
  readonly undocumentedOrder: "accept" | "reject" | "ignore";
  /**
   * Which plain parameters a `filter` voids: those of a key the filter also carries, or every plain
   * `namespace`, `name` and `category` (on the tag list, `tag`) as soon as a filter is sent.
   */
  readonly filterVoids: "same-key" | "every-plain";
  /**
   * How a paged response says where it is: `Content-Range: {offset}-{count}/{total}` as the seed
   * documents (`count`), `{first}-{last}/{total}` as most servers write it (`end-index`, an empty page
   * as `*` before the total), or no header at all, as behind a gateway that drops it (`none`: the
   * repository rows still carry `total_range`; the tag list then says nothing of its total).
   */
  readonly contentRange: "count" | "end-index" | "none";
  /** The largest `limit` accepted; a larger one is refused with 400 `SVCSTG.SWR.4000056`. */
  readonly maxLimit: number;
  /** When set, a page holds at most this many rows, whatever `limit` asked, and nothing says so. */
  readonly servedRows?: number;
  /**
   * Optional values written as `null` when they are empty, as a Go server writes a nil pointer or
   * slice: a repository's `description`, `logo`, `url`, `domain_name` and `tags`; a tag's `tag_type` 0.
   */
  readonly nulls: boolean;
  /**
   * `is_public`, which Huawei's current reference documents (plain and as a `filter` key) and the
   * seed's older page does not: honoured, or unknown as on an older server — the plain parameter
   * ignored (every repository answered) and the filter key refused with 400 `SVCSTG.SWR.4001035`.
   */
  readonly isPublic: "honour" | "unknown";
}

/**
 * The rows a `short-pages` server serves at most: not a size a client would guess (100, 500), so a
 * client that pages exactly against it has learned the size from the response.
 */
export const SHORT_PAGE_ROWS = 120;

/** The dialects by name; `permissive` is the default, the rest can be combined where they do not conflict. */
export const DIALECTS = {
  permissive: {
    undocumentedOrder: "accept",
    filterVoids: "same-key",
    contentRange: "count",
    maxLimit: 1000,
    nulls: false,
    isPublic: "honour",
  },
  strict: { undocumentedOrder: "reject" },
  "ignore-order": { undocumentedOrder: "ignore" },
  "filter-voids-plain": { filterVoids: "every-plain" },
  "end-index-range": { contentRange: "end-index" },
  "no-content-range": { contentRange: "none" },
  "limit-100": { maxLimit: 100 },
  "short-pages": { servedRows: SHORT_PAGE_ROWS },
  nulls: { nulls: true },
  "older-server": { isPublic: "unknown" },
} as const satisfies Record<string, Partial<Dialect>>;

/** A dialect's name. */
export type DialectName = keyof typeof DIALECTS;

/** Every dialect name, for tests that run against each. */
export const DIALECT_NAMES = Object.keys(DIALECTS) as DialectName[];

/** The default: honour what the documentation leaves open, void only the plain parameter of a key the filter carries. */
export const PERMISSIVE: Dialect = DIALECTS.permissive;

/**
 * The dialect several names make together (`["strict", "filter-voids-plain"]`), or the reason
 * they cannot be combined or are unknown.
 */
export function combineDialects(names: readonly string[]): Dialect | string {
  let dialect: Dialect = PERMISSIVE;
  const set = new Map<keyof Dialect, string>();
  for (const name of names) {
    if (!Object.hasOwn(DIALECTS, name))
      return `unknown dialect ${JSON.stringify(name)}; dialects: ${DIALECT_NAMES.join(", ")}`;
    const part: Partial<Dialect> = DIALECTS[name as DialectName];
    for (const key of Object.keys(part) as Array<keyof Dialect>) {
      const earlier = set.get(key);
      if (earlier !== undefined && earlier !== name && part[key] !== dialect[key])
        return `dialects ${earlier} and ${name} cannot be combined: both say how the server reads ${key}`;
      set.set(key, name);
    }
    dialect = { ...dialect, ...part };
  }
  return dialect;
}

/** The rows a request for `limit` gets in `dialect`: fewer, silently, when the dialect serves short pages. */
export function servedLimit(limit: number, dialect: Dialect): number {
  return dialect.servedRows === undefined ? limit : Math.min(limit, dialect.servedRows);
}

/** The `Content-Range` of a page of `count` rows at `offset` of `total`, as `dialect` writes it, or none. */
export function contentRangeOf(
  offset: number,
  count: number,
  total: number,
  dialect: Dialect,
): string | undefined {
  switch (dialect.contentRange) {
    case "count":
      return `${offset}-${count}/${total}`;
    case "end-index":
      return count === 0 ? `*/${total}` : `${offset}-${offset + count - 1}/${total}`;
    case "none":
      return undefined;
  }
}
