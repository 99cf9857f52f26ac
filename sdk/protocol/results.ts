/**
 * The results of the plugin's listing functions, as a stack consumes them, and their packed form on
 * the plugin protocol: the wire contract between the plugin, which packs, and the SDK, which unpacks.
 */
import { FieldTable } from "../client/model/fields";
import { IMAGE_TAG_FIELDS, ImageTag } from "../client/model/imageTag";
import { Repository, REPOSITORY_FIELDS } from "../client/model/repository";
import { toColumns } from "./columns";
import { packTable, unpackTable } from "./packedTable";

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

/**
 * A result in packed form (see `packedTable.ts`): the total, and the listed rows as a table in
 * chunks. The lists derived from the rows (`paths`, `imageRefs`) are derived again when unpacking,
 * so they never cross.
 */
export interface PackedResult {
  readonly total: number;
  /** The rows' table, packed by `packTable`. */
  readonly packed: readonly string[];
}

/** How a result of `Row`s packs and unpacks. */
interface ResultPacking<R> {
  readonly pack: (result: R) => PackedResult;
  /**
   * Unpacks a result that may be packed (from our plugin) or plain (from a plugin that ignored
   * `packed`, or from mocks); anything else is an error naming what is missing.
   */
  readonly unpack: (value: unknown) => R;
}

/**
 * The packing of a result whose rows, under `list`, are entities of `table`. The table's fields go
 * in table order; a pull path packs as its host alone where every row's is `{host}/{a}/{b}`.
 */
function resultPacking<Row extends object, R extends { readonly total: number }>(
  table: FieldTable<never>,
  list: keyof R & string,
  rebuild: (rows: Row[], total: number) => R,
): ResultPacking<R> {
  const fields = Object.keys(table) as Array<keyof Row & string>;
  const derived: Partial<Record<keyof Row & string, readonly [keyof Row & string, keyof Row & string]>> = {};
  for (const name of fields) {
    const from = table[name].packedFrom;
    if (from) derived[name] = from as readonly [keyof Row & string, keyof Row & string];
  }
  return {
    pack: (result) => ({
      total: result.total,
      packed: packTable(toColumns(result[list] as unknown as readonly Row[], fields, derived)),
    }),
    unpack(value) {
      const result = value as (Partial<PackedResult> & Record<string, unknown>) | undefined;
      if (typeof result?.total !== "number") throw new Error("the swr plugin's result has no total");
      if (result.packed === undefined) {
        if (!Array.isArray(result[list])) throw new Error(`the swr plugin's result has no ${list}`);
        return result as unknown as R;
      }
      return rebuild(unpackRows<Row>(result.packed), result.total);
    },
  };
}

/** The objects of a packed result; anything malformed is an error saying what (plugin and SDK of different versions). */
function unpackRows<T>(packed: unknown): T[] {
  if (!Array.isArray(packed) || !packed.every((chunk) => typeof chunk === "string"))
    throw new Error("the swr plugin's packed result is not a list of chunks");
  try {
    return unpackTable<T>(packed);
  } catch (error) {
    throw new Error(
      `the swr plugin's packed result ${error instanceof SyntaxError ? "is not JSON" : (error as Error).message}` +
        " (are the plugin and the SDK the same version of pulumi-swr?)",
    );
  }
}

const REPOSITORIES = resultPacking<Repository, RepositoriesResult>(
  REPOSITORY_FIELDS,
  "repositories",
  (repositories, total) => toRepositoriesResult({ repositories, total }),
);

const TAGS = resultPacking<ImageTag, RepositoryTagsResult>(IMAGE_TAG_FIELDS, "tags", (tags, total) =>
  toRepositoryTagsResult({ tags, total }),
);

/** Packs a repositories result for the plugin protocol. */
export const packRepositoriesResult = REPOSITORIES.pack;
/** Unpacks a repositories result that may be packed or plain. */
export const unpackRepositoriesResult = REPOSITORIES.unpack;
/** Packs a tags result for the plugin protocol. */
export const packRepositoryTagsResult = TAGS.pack;
/** Unpacks a tags result that may be packed or plain. */
export const unpackRepositoryTagsResult = TAGS.unpack;
