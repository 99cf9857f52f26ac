/**
 * A tag of a repository: its one field table, and what is derived from it here (the type and the
 * reader of the server's rows). The packed columns and schema properties derive from the same
 * table where they are used.
 */
import { coded, count, derived, entityReader, fieldNames, patterned, RowOf, text } from "./fields";

/** The repository whose tags are listed. */
export interface TagTarget {
  /** The organization. */
  readonly namespace: string;
  /** The repository name, which may contain `/`. */
  readonly repository: string;
}

/** OCI's digest grammar: `algorithm:encoded`, e.g. `sha256:` and 64 hex digits. */
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/**
 * The digest-pinned reference for a pull path: the path's tag (or digest) is replaced by `@digest`.
 * Only the last segment can carry one, so a registry port (`host:5000/…`) is kept.
 */
export function imageRefOf(path: string, digest: string): string {
  const slash = path.lastIndexOf("/");
  const cut = path.slice(slash + 1).search(/[:@]/);
  const repository = cut < 0 ? path : path.slice(0, slash + 1 + cut);
  return `${repository}@${digest}`;
}

/**
 * Every field of a tag, in the order the program's objects hold them and CSV prints them. SWR also sends `id`,
 * `repo_id`, `manifest`, `schema`, `is_trusted`, `deleted` (often `null`), `domain_id` and
 * `scanned`; they are not used, so not checked.
 */
export const IMAGE_TAG_FIELDS = {
  namespace: derived<string, TagTarget>(
    "The organization (namespace) of the repository.",
    "string",
    (_wire, target) => target.namespace,
  ),
  repository: derived<string, TagTarget>(
    "The repository name; may contain `/`.",
    "string",
    (_wire, target) => target.repository,
  ),
  tag: text("The tag name, unique within the repository.", "Tag", { nonEmpty: true }),
  digest: patterned(
    "The manifest's digest, e.g. `sha256:` and 64 hex digits.",
    "digest",
    DIGEST,
    "must be a digest such as sha256:<64 hex digits>",
  ),
  imageRef: derived<string, TagTarget>(
    "The pull reference pinned by digest, `{host}/{namespace}/{repository}@{digest}`.",
    "string",
    (wire) => imageRefOf(wire.path as string, wire.digest as string),
  ),
  imageId: text("The image id SWR reports (empty when it sends none).", "image_id", { optional: true }),
  size: count("Image size in bytes (exact up to 2^53).", "size"),
  manifestType: coded(
    "`manifest` for a single image (`tag_type` 0), `manifest-list` for a multi-platform index (1).",
    "tag_type",
    [0, 1],
    ["manifest", "manifest-list"] as const,
    "must be 0 (manifest) or 1 (manifest list)",
  ),
  created: text("When the tag was first pushed, UTC, as SWR formats it (with microseconds).", "created"),
  updated: text("When the tag was last pushed, UTC, as SWR formats it (with microseconds).", "updated"),
  path: {
    ...patterned(
      "Public pull path with the tag, `{host}/{namespace}/{repository}:{tag}`.",
      "path",
      /^[^/\s]+\/\S+$/,
      "must be a pull path such as host/namespace/repo:tag",
    ),
    packedFrom: ["namespace", "repository"],
  },
  internalPath: {
    ...text("Pull path with the tag, from inside Huawei Cloud.", "internal_path"),
    packedFrom: ["namespace", "repository"],
  },
} as const;

/**
 * One tag of a repository: the image it names, and how to pull it by digest (see
 * {@link IMAGE_TAG_FIELDS} for what each field holds).
 *
 * @example
 * const image = tag.imageRef; // "swr.ap-southeast-1.myhuaweicloud.com/team-a/api@sha256:…"
 */
export type ImageTag = RowOf<typeof IMAGE_TAG_FIELDS>;

/** The names of a tag's fields, in order. */
export const IMAGE_TAG_FIELD_NAMES = fieldNames(IMAGE_TAG_FIELDS);

/** How a tag is read from SWR's rows, for the repository it belongs to. */
export const imageTagReader = entityReader<typeof IMAGE_TAG_FIELDS, TagTarget>(IMAGE_TAG_FIELDS);

/** One tag as SWR sends it. */
export const wireTagSchema = imageTagReader.wireSchema;

/** A tag of `target` from a row {@link wireTagSchema} parsed: the schema's path, which the property tests hold the reader to. */
export function toImageTag(parsed: Readonly<Record<string, unknown>>, target: TagTarget): ImageTag {
  return imageTagReader.fromParsed(parsed, target);
}
