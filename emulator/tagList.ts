import { tagDetails } from "./synthesizedImages";
import { PERMISSIVE, servedLimit, type Dialect } from "./dialect";
import { isOrganizationName } from "./names";
import { byKey, pageRows } from "./paging";
import type { TagsTarget } from "./paths";
import { QUERY_ERROR_CODES } from "./queryParameters";
import type { Random } from "./random";
import { listReply, swrErrorReply, type Reply } from "./responses";
import { parseTagQuery, type TagQuery } from "./tagListParameters";
import type { WireRepository, WireTag } from "./types";

/**
 * The code for a namespace or repository that does not exist. Huawei's error-code table lists
 * `SVCSTG.SWR.4040010` "The image does not exist" (SWR calls a repository an image); which code the
 * live tag list sends was not verified, so this is the emulator's choice.
 */
export const TAGS_NOT_FOUND_CODE = "SVCSTG.SWR.4040010";

/** Details are derived once per repository object; a replaced set brings new objects. */
const DETAILS = new WeakMap<WireRepository, WireTag[]>();

function tagsOf(repo: WireRepository): WireTag[] {
  let tags = DETAILS.get(repo);
  if (!tags) {
    tags = tagDetails(repo);
    DETAILS.set(repo, tags);
  }
  return tags;
}

function find(repos: readonly WireRepository[], target: TagsTarget): WireRepository | undefined {
  return repos.find((r) => r.namespace === target.namespace && r.name === target.repository);
}

/** A copy of one repository's tags in tag order, or `undefined` when there is no such repository. */
export function repositoryTags(repos: readonly WireRepository[], target: TagsTarget): WireTag[] | undefined {
  const repo = find(repos, target);
  return repo && sortTags(tagsOf(repo), { column: "tag", direction: "asc" }).map((t) => ({ ...t }));
}

/** Compares tags by the order's column only, in its direction. */
function tagComparator(order: TagQuery["order"]): (a: WireTag, b: WireTag) => number {
  return byKey(order.column === "tag" ? (t) => t.Tag : (t) => t.updated, order.direction);
}

/** Sorts a copy; equal keys keep the repository's tag order, as a database id would break ties. */
function sortTags(tags: readonly WireTag[], order: TagQuery["order"]): WireTag[] {
  return [...tags].sort(tagComparator(order));
}

/** How {@link tagsReply} reads a request: the dialect, and whether ties come back in a fresh order each time. */
export interface TagsReplyOptions {
  readonly dialect?: Dialect;
  /** When given, tags with equal sort keys come back in a fresh random order on every request. */
  readonly shuffleTies?: Random;
}

/**
 * Answers an authenticated tag-list request over `repos`: 400 for a bad organization name or bad
 * parameters (codes as on the repository list), 404 {@link TAGS_NOT_FOUND_CODE} for a namespace or
 * repository that does not exist, else 200 with the (fuzzily matched, ordered, paged) tags and,
 * when paged, a `Content-Range` as the dialect writes it.
 */
export function tagsReply(
  repos: readonly WireRepository[],
  target: TagsTarget,
  params: URLSearchParams,
  options: TagsReplyOptions = {},
): Reply {
  if (!isOrganizationName(target.namespace))
    return swrErrorReply(
      400,
      QUERY_ERROR_CODES.namespace,
      `Invalid parameter namespace: "${target.namespace}" is not a valid organization name`,
    );
  const dialect = options.dialect ?? PERMISSIVE;
  const parsed = parseTagQuery(params, dialect);
  if ("error" in parsed) return swrErrorReply(400, parsed.error.code, parsed.error.message);
  const { query } = parsed;
  const repo = find(repos, target);
  if (!repo) {
    const exists = repos.some((r) => r.namespace === target.namespace);
    return swrErrorReply(
      404,
      TAGS_NOT_FOUND_CODE,
      exists
        ? `Repository ${target.repository} does not exist in namespace ${target.namespace}`
        : `Namespace ${target.namespace} does not exist`,
    );
  }
  const filter = query.tag;
  const matches = sortTags(
    filter === undefined ? tagsOf(repo) : tagsOf(repo).filter((t) => t.Tag.includes(filter)),
    query.order,
  );
  // Without limit and offset, every tag.
  const served = query.page && { ...query.page, limit: servedLimit(query.page.limit, dialect) };
  const page = pageRows(matches, served, Infinity, tagComparator(query.order), options.shuffleTies);
  const rows = dialect.nulls ? page.map((t) => (t.tag_type === 0 ? { ...t, tag_type: null } : t)) : page;
  return listReply(
    { body: Buffer.from(JSON.stringify(rows)), count: page.length, total: matches.length },
    query.page?.offset,
    dialect,
  );
}
