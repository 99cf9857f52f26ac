import { z } from "zod";
import { SwrInputError } from "./errors";
import {
  checkEvenIfFieldsFailed,
  OrderType,
  organizationNameProblem,
  pageFields,
  pagingAndOrderIssues,
  repositoryNameProblem,
  ruled,
  toInputIssues,
} from "./query";

/**
 * Columns a tag query may ask the result to be ordered by. SWR documents `updated_at` only, so
 * `tag` orders a complete listing on the client, and is refused for one page (which the server orders).
 */
export const TAG_ORDER_COLUMNS = ["updated_at", "tag"] as const;
/** A column to order tags by. */
export type TagOrderColumn = (typeof TAG_ORDER_COLUMNS)[number];

/** Returns the broken rule of a tag name (Docker's rule), or `undefined` when it is valid. */
export function tagNameProblem(value: string): string | undefined {
  if (value.length < 1 || value.length > 128) return "must be 1 to 128 characters long";
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(value))
    return "may contain only letters, digits, underscores (_), periods (.) and hyphens (-), and may not start with a period or hyphen";
  return undefined;
}

/** Everything the tag list accepts besides the repository itself. */
export const repositoryTagQuerySchema = z
  .strictObject(
    {
      tag: ruled(tagNameProblem).optional(),
      ...pageFields,
      orderColumn: z
        .enum(TAG_ORDER_COLUMNS, { error: `must be one of ${TAG_ORDER_COLUMNS.join(", ")}` })
        .optional(),
    },
    {
      error: (i) =>
        i.code === "unrecognized_keys" ? `unknown key(s) ${i.keys.join(", ")}` : "must be an object",
    },
  )
  .superRefine((q, ctx) => {
    pagingAndOrderIssues(q, ctx);
    if (q.orderColumn === "tag" && (q.limit !== undefined || q.offset !== undefined))
      ctx.addIssue({
        code: "custom",
        path: ["orderColumn"],
        message:
          "must be updated_at with limit and offset: SWR documents no other order for a page of tags " +
          "(without limit and offset every tag is listed, and ordered by tag here)",
      });
  }, checkEvenIfFieldsFailed);

/**
 * A query on one repository's tags. `tag` selects exactly that tag: the server may match it as a
 * fragment, so the client keeps only exact matches.
 *
 * @example
 * const query: RepositoryTagQuery = { orderColumn: "updated_at", orderType: "desc" };
 */
export type RepositoryTagQuery = z.infer<typeof repositoryTagQuerySchema>;

/** The repository whose tags are listed. */
export interface TagTarget {
  /** The organization. */
  readonly namespace: string;
  /** The repository name, which may contain `/`. */
  readonly repository: string;
}

/** A validated tag request: the repository and the query. */
export type RepositoryTagRequest = TagTarget & RepositoryTagQuery;

const targetSchema = z.object({
  namespace: ruled(organizationNameProblem),
  repository: ruled(repositoryNameProblem),
});

/**
 * Validates a tag request; throws {@link SwrInputError} naming every broken field (`namespace`,
 * `repository`, `tag`, `limit`, …) and its rule.
 */
export function validateTagRequest(
  namespace: unknown,
  repository: unknown,
  query: unknown,
): RepositoryTagRequest {
  const target = targetSchema.safeParse({ namespace, repository });
  const parsed = repositoryTagQuerySchema.safeParse(query ?? {});
  const issues = [
    ...(target.success ? [] : toInputIssues(target.error, "")),
    ...(parsed.success ? [] : toInputIssues(parsed.error, "")),
  ];
  if (!target.success || !parsed.success) throw new SwrInputError(issues);
  return { ...target.data, ...parsed.data };
}

/** The order a tag query asks for, if any. */
export function requestedTagOrder(
  query: RepositoryTagQuery,
): { column: TagOrderColumn; type: OrderType } | undefined {
  return query.orderColumn && query.orderType
    ? { column: query.orderColumn, type: query.orderType }
    : undefined;
}

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER, {
  error: "must be a whole number below 2^53 (larger values cannot be kept exact)",
});

/** OCI's digest grammar: `algorithm:encoded`, e.g. `sha256:` and 64 hex digits. */
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/**
 * One tag as SWR sends it. SWR also sends `id`, `repo_id`, `manifest`, `schema`, `is_trusted`,
 * `deleted` (often `null`), `domain_id` and `scanned`; they are not used, so not checked.
 */
export const wireTagSchema = z.object({
  Tag: z.string().min(1),
  image_id: z.string(),
  digest: z.string().regex(DIGEST, { error: "must be a digest such as sha256:<64 hex digits>" }),
  path: z.string().regex(/^[^/\s]+\/\S+$/, { error: "must be a pull path such as host/namespace/repo:tag" }),
  internal_path: z.string(),
  size: count,
  created: z.string(),
  updated: z.string(),
  tag_type: z
    .union([z.literal(0), z.literal(1)], { error: "must be 0 (manifest) or 1 (manifest list)" })
    .optional(),
});

/** One tag as SWR sends it. */
export type WireTag = z.input<typeof wireTagSchema>;

/** A page body of the tag list: a JSON array of tags. */
export const wireTagPageSchema = z.array(wireTagSchema);

/**
 * One tag of a repository: the image it names, and how to pull it by digest.
 *
 * @example
 * const image = tag.imageRef; // "swr.ap-southeast-1.myhuaweicloud.com/team-a/api@sha256:…"
 */
export interface ImageTag {
  /** The organization of the repository. */
  readonly namespace: string;
  /** The repository. */
  readonly repository: string;
  /** The tag name, unique within the repository. */
  readonly tag: string;
  /** The manifest's digest, e.g. `sha256:` and 64 hex digits. */
  readonly digest: string;
  /** The pull reference pinned by digest: `{host}/{namespace}/{repository}@{digest}`. */
  readonly imageRef: string;
  /** The image id SWR reports. */
  readonly imageId: string;
  /** Image size in bytes (exact up to 2^53). */
  readonly size: number;
  /** Public pull path with the tag, `{host}/{namespace}/{repository}:{tag}`. */
  readonly path: string;
  /** Pull path with the tag, from inside Huawei Cloud. */
  readonly internalPath: string;
  /** When the tag was first pushed, UTC, as SWR formats it (with microseconds). */
  readonly created: string;
  /** When the tag was last pushed, UTC, as SWR formats it (with microseconds). */
  readonly updated: string;
  /** `manifest` for a single image (`tag_type` 0), `manifest-list` for a multi-platform index (1). */
  readonly manifestType: "manifest" | "manifest-list";
}

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

/** Converts a validated wire tag of `target` to the program's shape. */
export function toImageTag(w: z.output<typeof wireTagSchema>, target: TagTarget): ImageTag {
  return {
    namespace: target.namespace,
    repository: target.repository,
    tag: w.Tag,
    digest: w.digest,
    imageRef: imageRefOf(w.path, w.digest),
    imageId: w.image_id,
    size: w.size,
    path: w.path,
    internalPath: w.internal_path,
    created: w.created,
    updated: w.updated,
    manifestType: w.tag_type === 1 ? "manifest-list" : "manifest",
  };
}
