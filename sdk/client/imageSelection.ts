/**
 * Picking one image out of a repository's tags: by tag, by digest, or the most recently updated.
 */
import { z } from "zod";
import type { ListOptions, SwrClient } from "./client";
import { InputIssue, SwrInputError, SwrSelectionError } from "./errors";
import { compareStrings } from "./stringOrder";
import { ImageTag } from "./model/imageTag";
import { validateTagRequest } from "./query/tagQuery";
import { ruled, strictObjectError, tagNameProblem, toInputIssues } from "./query/rules";

/** How to pick one image out of a repository's tags. Criteria given together must all hold. */
export interface ImageSelector {
  /** Exactly this tag. */
  readonly tag?: string;
  /**
   * This digest: in full (`sha256:` and 64 hex digits), or its first 12 or more hex digits, with or
   * without the `sha256:` prefix. A prefix that matches several images is an error.
   */
  readonly digest?: string;
  /** The most recently updated of the matching tags (of all tags, when neither tag nor digest is given). */
  readonly latest?: boolean;
}

const selectorSchema = z
  .strictObject(
    {
      tag: ruled(tagNameProblem).optional(),
      digest: z
        .string({ error: "must be a string" })
        .regex(/^(?:[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{12,}|[a-f0-9]{12,})$/, {
          error: "must be a digest (sha256:<64 hex digits>) or at least its first 12 hex digits",
        })
        .optional(),
      latest: z.boolean({ error: "must be true or false" }).optional(),
    },
    strictObjectError,
  )
  .refine((s) => s.tag !== undefined || s.digest !== undefined || s.latest === true, {
    error: "give a tag, a digest or latest: true",
  });

/** Most recently updated first; tag ascending among equals. */
function byRecency(tags: readonly ImageTag[]): ImageTag[] {
  return [...tags].sort((a, b) => compareStrings(b.updated, a.updated) || compareStrings(a.tag, b.tag));
}

function digestMatches(digest: string, wanted: string): boolean {
  return wanted.includes(":")
    ? digest.startsWith(wanted)
    : digest.slice(digest.indexOf(":") + 1).startsWith(wanted);
}

/** `v1.2 (sha256:0123456789ab, updated …)`, for the first ten, then how many more. */
function describe(tags: readonly ImageTag[]): string {
  const shown = tags.slice(0, 10).map((t) => {
    const separator = t.digest.indexOf(":");
    return `${t.tag} (${t.digest.slice(0, separator + 13)}, updated ${t.updated})`;
  });
  return shown.join(", ") + (tags.length > shown.length ? `, and ${tags.length - shown.length} more` : "");
}

/**
 * Picks one image out of a repository's tags: by tag, by digest, or the most recently updated.
 * Several tags of one digest are one image; the most recently updated of them is returned (tag
 * ascending among equals). Throws {@link SwrSelectionError} when nothing matches or when several
 * images do (a short digest shared by two images, or two images updated at the same instant), and
 * {@link SwrInputError} for a malformed selector.
 *
 * @example
 * const { tags } = await client.listRepositoryTags("team-a", "api");
 * const pinned = selectImage(tags, { tag: "v1.4.2" }).imageRef; // "swr.…/team-a/api@sha256:…"
 * const newest = selectImage(tags, { latest: true });
 */
export function selectImage(tags: readonly ImageTag[], selector: ImageSelector): ImageTag {
  const { tag, digest, latest } = validateSelector(selector);
  const where = tags.length > 0 ? `${tags[0].namespace}/${tags[0].repository}` : "the repository";
  const field =
    tag !== undefined && digest !== undefined
      ? "selector"
      : digest !== undefined
        ? "selector.digest"
        : tag !== undefined
          ? "selector.tag"
          : "selector.latest";

  const matches = byRecency(
    tags.filter(
      (t) =>
        (tag === undefined || t.tag === tag) && (digest === undefined || digestMatches(t.digest, digest)),
    ),
  );
  if (matches.length === 0) {
    const all = byRecency(tags);
    const wanted = [tag === undefined ? "" : `tag "${tag}"`, digest === undefined ? "" : `digest "${digest}"`]
      .filter(Boolean)
      .join(" and ");
    throw new SwrSelectionError(
      "none",
      field,
      all.length === 0
        ? `${where} has no tags`
        : `no tag of ${where} has ${wanted}; its tags, most recent first: ${describe(all)}`,
      all,
    );
  }
  const pool = latest ? matches.filter((t) => t.updated === matches[0].updated) : matches;
  if (new Set(pool.map((t) => t.digest)).size > 1)
    throw new SwrSelectionError(
      "several",
      field,
      latest
        ? `several images of ${where} were updated last, at ${pool[0].updated}: ${describe(pool)}; select by tag or digest`
        : `matches several images of ${where}: ${describe(pool)}; give more digits of the digest, a tag, or latest: true`,
      pool,
    );
  return pool[0];
}

/** Checks a selector; throws {@link SwrInputError} naming each broken rule under `selector`. */
export function validateSelector(selector: ImageSelector): ImageSelector {
  const parsed = selectorSchema.safeParse(selector ?? {});
  if (!parsed.success) throw new SwrInputError(toInputIssues(parsed.error, "selector"));
  return parsed.data;
}

/**
 * Every broken rule of an image request (the repository, and the selector), without sending anything;
 * empty when it is valid. Selector issues name the selector's key (`tag`, `digest`, `latest`), or
 * `selector` for the selector as a whole.
 */
export function imageRequestIssues(
  namespace: unknown,
  repository: unknown,
  selector: ImageSelector,
): InputIssue[] {
  const issuesOf = (check: () => unknown): readonly InputIssue[] => {
    try {
      check();
      return [];
    } catch (error) {
      if (!(error instanceof SwrInputError)) throw error;
      return error.issues;
    }
  };
  return [
    ...issuesOf(() => validateTagRequest(namespace, repository, {})),
    ...issuesOf(() => validateSelector(selector)).map((issue) => ({
      ...issue,
      field: issue.field.replace(/^selector\./, ""),
    })),
  ];
}

/**
 * Lists all of a repository's tags and picks the image the selector asks for; none or several
 * matching images throw a {@link SwrSelectionError} naming the candidates (so the whole list is
 * needed even when a tag is named: the error shows what there is instead).
 */
export async function findImage(
  client: SwrClient,
  namespace: string,
  repository: string,
  selector: ImageSelector,
  options?: ListOptions,
): Promise<ImageTag> {
  const listing = await client.listRepositoryTags(namespace, repository, {}, options);
  return selectImage(listing.tags, selector);
}
