/**
 * A repository: its one field table, and what is derived from it here (the type, the reader of the
 * server's rows, its key). The packed columns, CSV columns and schema properties derive from the
 * same table where they are used.
 */
import { count, entityReader, fieldNames, flag, RowOf, sortedTextList, text } from "./fields";

/**
 * Every field of a repository, in the order the program's objects hold them and CSV prints them:
 * the key (organization, name) first.
 */
export const REPOSITORY_FIELDS = {
  namespace: text("The organization (namespace) that holds it.", "namespace", { nonEmpty: true }),
  name: text("Repository name, unique within its organization; may contain `/`.", "name", { nonEmpty: true }),
  category: text("Category, e.g. `app_server` or `linux`.", "category"),
  description: text("Free-text description.", "description", { optional: true }),
  size: count("Total size of its images in bytes (exact up to 2^53).", "size"),
  isPublic: flag("Whether anyone may pull it.", "is_public"),
  numImages: count("Number of images (tags).", "num_images", "integer"),
  numDownload: count("Number of downloads.", "num_download"),
  createdAt: text("Creation time, UTC, as SWR formats it (with microseconds).", "created_at"),
  updatedAt: text("Last update time, UTC, as SWR formats it (with microseconds).", "updated_at"),
  path: {
    ...text("Public pull path, `swr.{region}.myhuaweicloud.com/{namespace}/{name}`.", "path"),
    packedFrom: ["namespace", "name"],
  },
  internalPath: {
    ...text("Pull path inside Huawei Cloud.", "internal_path"),
    packedFrom: ["namespace", "name"],
  },
  domainName: text("The tenant (account) name.", "domain_name", { optional: true }),
  tags: sortedTextList("Tag names, sorted.", "tags"),
  status: flag("Repository status flag as SWR reports it.", "status", true),
  url: text("Repository URL.", "url", { optional: true }),
  logo: text("Logo URL.", "logo", { optional: true }),
} as const;

/**
 * A repository, in the fields a program uses (see {@link REPOSITORY_FIELDS} for what each holds).
 * Tags are sorted.
 *
 * @example
 * const image = `${repo.path}:${repo.tags[0]}`;
 */
export type Repository = RowOf<typeof REPOSITORY_FIELDS>;

/** The names of a repository's fields, in order. */
export const REPOSITORY_FIELD_NAMES = fieldNames(REPOSITORY_FIELDS);

/**
 * How a repository is read from SWR's rows. SWR also sends `total_range` on each row; it is not
 * kept, but a present one must be a count. Unknown extra properties are ignored.
 */
export const repositoryReader = entityReader(REPOSITORY_FIELDS, {
  total_range: { kind: "count", optional: true },
});

/** One repository as SWR sends it (snake_case). */
export const wireRepositorySchema = repositoryReader.wireSchema;

/** Reads one server row, or `undefined` when anything about it is off (then the schema says what). */
export function readRepository(raw: unknown): Repository | undefined {
  return repositoryReader.read(raw, undefined);
}

/** A repository from a row {@link wireRepositorySchema} parsed: the schema's path, which the property tests hold {@link readRepository} to. */
export function toRepository(parsed: Readonly<Record<string, unknown>>): Repository {
  return repositoryReader.fromParsed(parsed, undefined);
}

/** The key that makes a repository unique: its organization and name. */
export function repositoryKey(repo: { readonly namespace: string; readonly name: string }): string {
  return `${repo.namespace}\u0000${repo.name}`;
}
