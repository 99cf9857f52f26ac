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
   * `is_public`, which Huawei's current reference documents (plain and as a `filter` key) and the
   * seed's older page does not: honoured, or unknown as on an older server — the plain parameter
   * ignored (every repository answered) and the filter key refused with 400 `SVCSTG.SWR.4001035`.
   */
  readonly isPublic: "honour" | "unknown";
}

/** The dialects by name; `permissive` is the default, the rest can be combined where they do not conflict. */
export const DIALECTS = {
  permissive: { undocumentedOrder: "accept", filterVoids: "same-key", isPublic: "honour" },
  strict: { undocumentedOrder: "reject" },
  "ignore-order": { undocumentedOrder: "ignore" },
  "filter-voids-plain": { filterVoids: "every-plain" },
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
