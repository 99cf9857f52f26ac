import { Repository } from "./client/schemas";

/**
 * What a stack consumes from a listing: the repositories, the count, and the two lists most stacks
 * want without mapping. Plain JSON values only (no `undefined`, `BigInt` or `Date`), so it crosses the
 * plugin protocol and lands in stack state unchanged.
 */
export interface RepositoriesResult {
  /**
   * The repositories, each exactly once: in the requested order with (namespace, name) as the
   * tie-break, else by (namespace, name). Tags are sorted.
   */
  readonly repositories: readonly Repository[];
  /**
   * Without `limit`/`offset`, the number of repositories listed (the complete set). With them, the
   * server's count of all matches, of which `repositories` is one page.
   */
  readonly total: number;
  /** The pull path of each repository (`swr.{region}.myhuaweicloud.com/{namespace}/{name}`), in `repositories` order. */
  readonly paths: readonly string[];
  /** `path:tag` for every tag of every repository, in `repositories` order, tags sorted within each. */
  readonly imageRefs: readonly string[];
}

/**
 * Turns a listing into the result a stack consumes. Keeps the listing's order (it is already the
 * documented deterministic order) and copies every repository, so the result shares nothing with
 * the listing.
 *
 * @example
 * const result = toRepositoriesResult(await client.listRepositories({ namespace: "team-a" }));
 * const image = result.imageRefs[0]; // "swr.ap-southeast-1.myhuaweicloud.com/team-a/web:1.0.0"
 */
export function toRepositoriesResult(listing: {
  readonly repositories: readonly Repository[];
  readonly total: number;
}): RepositoriesResult {
  const repositories = listing.repositories.map((repo) => ({ ...repo, tags: [...repo.tags] }));
  return {
    repositories,
    total: listing.total,
    paths: repositories.map((repo) => repo.path),
    imageRefs: repositories.flatMap((repo) => repo.tags.map((tag) => `${repo.path}:${tag}`)),
  };
}
