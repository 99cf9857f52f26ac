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

/**
 * The packed form of a result: `repositories`, `paths` and `imageRefs` as one JSON string. The
 * plugin protocol carries results as protobuf `Struct`s, which the Node SDK builds and reads one
 * value at a time: about 0.7 s per 1000 repositories on each side. One string crosses in
 * milliseconds, so the Node SDK asks for this form and unpacks it.
 */
export interface PackedRepositoriesResult {
  readonly total: number;
  /** JSON of `{ repositories, paths, imageRefs }`. */
  readonly packed: string;
}

/** Packs a result for the plugin protocol. */
export function packRepositoriesResult(result: RepositoriesResult): PackedRepositoriesResult {
  const { repositories, paths, imageRefs } = result;
  return { total: result.total, packed: JSON.stringify({ repositories, paths, imageRefs }) };
}

/**
 * Unpacks a result that may be packed (from our plugin) or plain (from a plugin that ignored
 * `packed`, or from mocks); anything else is an error naming what is missing.
 */
export function unpackRepositoriesResult(value: unknown): RepositoriesResult {
  const result = value as Partial<PackedRepositoriesResult & RepositoriesResult> | undefined;
  if (typeof result?.total !== "number") throw new Error("the swr plugin's result has no total");
  if (typeof result.packed !== "string") {
    if (!Array.isArray(result.repositories)) throw new Error("the swr plugin's result has no repositories");
    return result as RepositoriesResult;
  }
  const lists = JSON.parse(result.packed) as Omit<RepositoriesResult, "total">;
  return {
    repositories: lists.repositories,
    total: result.total,
    paths: lists.paths,
    imageRefs: lists.imageRefs,
  };
}
