/**
 * The results of the plugin's listing functions, as a stack consumes them, and their packed form on
 * the plugin protocol: the wire contract between the plugin, which packs, and the SDK, which unpacks.
 */
import { FieldTable } from "../client/model/fields";
import { IMAGE_TAG_FIELDS, ImageTag } from "../client/model/imageTag";
import { Repository, REPOSITORY_FIELDS } from "../client/model/repository";
import { ColumnTable, fromColumns, packJson, toColumns, unpackJson } from "./columns";

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
 * Turns a listing into the result a stack consumes, keeping the listing's order (it is already the
 * documented deterministic order). `paths` and `imageRefs` are computed when first read: at 100,000
 * repositories `imageRefs` is over a million strings, which the packed plugin result never needs.
 *
 * @example
 * const result = toRepositoriesResult(await client.listRepositories({ namespace: "team-a" }));
 * const image = result.imageRefs[0]; // "swr.ap-southeast-1.myhuaweicloud.com/team-a/web:1.0.0"
 */
export function toRepositoriesResult(listing: {
  readonly repositories: readonly Repository[];
  readonly total: number;
}): RepositoriesResult {
  const { repositories, total } = listing;
  let paths: string[] | undefined;
  let imageRefs: string[] | undefined;
  return Object.defineProperties(
    { repositories, total },
    {
      paths: { enumerable: true, get: () => (paths ??= repositories.map((repo) => repo.path)) },
      imageRefs: {
        enumerable: true,
        get: () =>
          (imageRefs ??= repositories.flatMap((repo) => repo.tags.map((tag) => `${repo.path}:${tag}`))),
      },
    },
  ) as RepositoriesResult;
}

/**
 * The packed table's fields: the entity's, in table order; a pull path packs as its host alone
 * where every row's is `{host}/{namespace}/{name}`.
 */
function packedFields<T extends object>(table: FieldTable<never>) {
  const fields = Object.keys(table) as Array<keyof T & string>;
  const derived: Partial<Record<keyof T & string, readonly [keyof T & string, keyof T & string]>> = {};
  for (const name of fields) {
    const from = table[name].packedFrom;
    if (from) derived[name] = from as readonly [keyof T & string, keyof T & string];
  }
  return { fields, derived };
}

const REPOSITORY_PACKING = packedFields<Repository>(REPOSITORY_FIELDS);
const TAG_PACKING = packedFields<ImageTag>(IMAGE_TAG_FIELDS);

/**
 * The packed form of a result (see `packing.ts`): the repositories as a table in JSON chunks;
 * `paths` and `imageRefs` are derived again when unpacking, so they never cross.
 */
export interface PackedRepositoriesResult {
  readonly total: number;
  /** JSON chunks of the repositories' {@link ColumnTable}. */
  readonly packed: readonly string[];
}

/** Packs a result for the plugin protocol. */
export function packRepositoriesResult(result: RepositoriesResult): PackedRepositoriesResult {
  const table = toColumns(result.repositories, REPOSITORY_PACKING.fields, REPOSITORY_PACKING.derived);
  return { total: result.total, packed: packJson(table) };
}

/**
 * Unpacks a result that may be packed (from our plugin) or plain (from a plugin that ignored
 * `packed`, or from mocks); anything else is an error naming what is missing.
 */
export function unpackRepositoriesResult(value: unknown): RepositoriesResult {
  const result = value as Partial<PackedRepositoriesResult & RepositoriesResult> | undefined;
  if (typeof result?.total !== "number") throw new Error("the swr plugin's result has no total");
  if (result.packed === undefined) {
    if (!Array.isArray(result.repositories)) throw new Error("the swr plugin's result has no repositories");
    return result as RepositoriesResult;
  }
  return toRepositoriesResult({ repositories: unpackTable<Repository>(result.packed), total: result.total });
}

/** The objects of a packed result; anything malformed is an error saying what (plugin and SDK of different versions). */
function unpackTable<T>(packed: unknown): T[] {
  if (!Array.isArray(packed) || !packed.every((chunk) => typeof chunk === "string"))
    throw new Error("the swr plugin's packed result is not a list of chunks");
  try {
    return fromColumns<T>(unpackJson(packed) as ColumnTable);
  } catch (error) {
    throw new Error(
      `the swr plugin's packed result ${error instanceof SyntaxError ? "is not JSON" : (error as Error).message}` +
        " (are the plugin and the SDK the same version of pulumi-swr?)",
    );
  }
}

/** What a stack consumes from a tag listing: the tags, their count, and the digest-pinned references. */
export interface RepositoryTagsResult {
  /** The tags, each exactly once, in the documented order (tag ascending unless an order was asked). */
  readonly tags: readonly ImageTag[];
  /** Without `limit`/`offset`, the number of tags listed; with them, the server's count of all matches. */
  readonly total: number;
  /** `path@digest` for each tag, in `tags` order. */
  readonly imageRefs: readonly string[];
}

/** Turns a tag listing into the result a stack consumes; copies, so it shares nothing with the listing. */
export function toRepositoryTagsResult(listing: {
  readonly tags: readonly ImageTag[];
  readonly total: number;
}): RepositoryTagsResult {
  const tags = listing.tags.map((tag) => ({ ...tag }));
  return { tags, total: listing.total, imageRefs: tags.map((tag) => tag.imageRef) };
}

/** The packed form of a tag result: the tags as a table in JSON chunks; `imageRefs` is derived again. */
export interface PackedRepositoryTagsResult {
  readonly total: number;
  readonly packed: readonly string[];
}

/** Packs a tag result for the plugin protocol. */
export function packRepositoryTagsResult(result: RepositoryTagsResult): PackedRepositoryTagsResult {
  const table = toColumns(result.tags, TAG_PACKING.fields, TAG_PACKING.derived);
  return { total: result.total, packed: packJson(table) };
}

/** Unpacks a tag result that may be packed or plain; anything else is an error naming what is missing. */
export function unpackRepositoryTagsResult(value: unknown): RepositoryTagsResult {
  const result = value as Partial<PackedRepositoryTagsResult & RepositoryTagsResult> | undefined;
  if (typeof result?.total !== "number") throw new Error("the swr plugin's result has no total");
  if (result.packed === undefined) {
    if (!Array.isArray(result.tags)) throw new Error("the swr plugin's result has no tags");
    return result as RepositoryTagsResult;
  }
  return toRepositoryTagsResult({ tags: unpackTable<ImageTag>(result.packed), total: result.total });
}
