import { DEFAULT_PAGE_SIZE, type ListQuery, type OrderColumn, type OrderDirection } from "./query";
import type { Random } from "./random";
import type { WireRepository } from "./types";

/** One page of a listing, already serialized. */
export interface CatalogPage {
  /** The JSON array, `total_range` filled in on every item. */
  readonly body: string;
  /** Items on this page. */
  readonly count: number;
  /** Repositories matching the query, across all pages. */
  readonly total: number;
}

interface Row {
  readonly repo: WireRepository;
  /** Insertion position: the tie-break a database would apply. */
  readonly seq: number;
  /** The item's JSON up to `"total_range":`, built on first use. */
  json?: string;
}

type SortKey = (repo: WireRepository) => string | number;

const SORT_KEYS: Record<OrderColumn, SortKey> = {
  updated_at: (r) => r.updated_at,
  created_at: (r) => r.created_at,
  name: (r) => r.name,
  tag_count: (r) => r.tags.length,
};

/**
 * The repository set and the queries over it. Each order is sorted once per set and cached,
 * and item JSON is cached per row, so a page costs one pass over the matches at most.
 */
export class Catalog {
  private rows: Row[] = [];
  private readonly orders = new Map<string, Row[]>();

  /** Starts with `repos` in insertion order. */
  constructor(repos: readonly WireRepository[]) {
    this.replace(repos);
  }

  /** Replaces the set; the given order becomes the insertion order. */
  replace(repos: readonly WireRepository[]): void {
    this.rows = repos.map((repo, seq) => ({ repo: canonical(repo), seq }));
    this.orders.clear();
    this.sorted("updated_at", "desc");
  }

  /** The set in insertion order (shared objects; callers copy before handing out). */
  all(): readonly WireRepository[] {
    return this.rows.map((row) => row.repo);
  }

  /** A copy of the set in (namespace, name) order. */
  snapshot(): WireRepository[] {
    return [...this.rows]
      .sort((a, b) => compare(a.repo.namespace, b.repo.namespace) || compare(a.repo.name, b.repo.name) || a.seq - b.seq)
      .map((row) => canonical(row.repo));
  }

  /**
   * Answers a query. Ties keep insertion order unless `shuffleTies` is given, in which case
   * every tie group touching the page is freshly permuted — as a server that breaks ties
   * arbitrarily would, making naive offset paging skip or repeat rows.
   */
  select(query: ListQuery, shuffleTies?: Random): CatalogPage {
    const ordered = this.sorted(query.order.column, query.order.direction);
    const matches = hasConditions(query) ? ordered.filter((row) => matchesQuery(row.repo, query)) : ordered;
    const total = matches.length;
    const start = Math.min(query.page?.offset ?? 0, total);
    const end = Math.min(start + (query.page?.limit ?? DEFAULT_PAGE_SIZE), total);
    const page = shuffleTies
      ? shuffledWindow(matches, start, end, SORT_KEYS[query.order.column], shuffleTies)
      : matches.slice(start, end);
    const items = page.map((row) => (row.json ??= jsonPrefix(row.repo)) + total + "}");
    return { body: `[${items.join(",")}]`, count: page.length, total };
  }

  private sorted(column: OrderColumn, direction: OrderDirection): Row[] {
    const cacheKey = `${column} ${direction}`;
    let rows = this.orders.get(cacheKey);
    if (!rows) {
      const key = SORT_KEYS[column];
      const sign = direction === "asc" ? 1 : -1;
      rows = [...this.rows].sort((a, b) => sign * compare(key(a.repo), key(b.repo)) || a.seq - b.seq);
      this.orders.set(cacheKey, rows);
    }
    return rows;
  }
}

function hasConditions(query: ListQuery): boolean {
  return query.namespace !== undefined || query.name !== undefined || query.category !== undefined;
}

function matchesQuery(repo: WireRepository, query: ListQuery): boolean {
  const { namespace, name, category } = query;
  if (namespace && !(namespace.substring ? repo.namespace.includes(namespace.value) : repo.namespace === namespace.value)) {
    return false;
  }
  if (name && !(name.substring ? repo.name.includes(name.value) : repo.name === name.value)) return false;
  return category === undefined || repo.category === category;
}

/** Rows `[start, end)` after permuting every tie group that overlaps them. */
function shuffledWindow(matches: readonly Row[], start: number, end: number, key: SortKey, random: Random): Row[] {
  if (start >= end) return [];
  const same = (a: Row, b: Row): boolean => key(a.repo) === key(b.repo);
  let from = start;
  while (from > 0 && same(matches[from - 1], matches[start])) from--;
  let to = end;
  while (to < matches.length && same(matches[to], matches[end - 1])) to++;
  const span = matches.slice(from, to);
  for (let groupStart = 0; groupStart < span.length; ) {
    let groupEnd = groupStart + 1;
    while (groupEnd < span.length && same(span[groupEnd], span[groupStart])) groupEnd++;
    random.shuffle(span, groupStart, groupEnd);
    groupStart = groupEnd;
  }
  return span.slice(start - from, end - from);
}

/** A copy with the fields in SWR's order, so cached JSON is uniform and callers cannot alias it. */
function canonical(repo: WireRepository): WireRepository {
  return {
    name: repo.name,
    category: repo.category,
    description: repo.description,
    size: repo.size,
    is_public: repo.is_public,
    num_images: repo.num_images,
    num_download: repo.num_download,
    created_at: repo.created_at,
    updated_at: repo.updated_at,
    logo: repo.logo,
    url: repo.url,
    path: repo.path,
    internal_path: repo.internal_path,
    domain_name: repo.domain_name,
    namespace: repo.namespace,
    tags: [...repo.tags],
    status: repo.status,
    total_range: repo.total_range,
  };
}

/** `total_range` is the last field and varies per query, so the cache stops just before its value. */
function jsonPrefix(repo: WireRepository): string {
  const json = JSON.stringify(repo);
  return json.slice(0, json.lastIndexOf(":") + 1);
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
