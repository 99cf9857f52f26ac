import { TIMESTAMP_COLLATIONS } from "../listing/collation";
import { QueryPairs } from "../listing/page";
import { ListingPlan, ListingSpec } from "../listing/plan";
import { ImageTag, imageTagReader, TagTarget } from "../model/imageTag";
import { requestedTagOrder, sortTags } from "../order/tagOrder";
import { RepositoryTagRequest } from "../query/tagQuery";
import { pageParser } from "./pageParser";

/**
 * The path of "Querying the List of Image Repository Tags". SWR wants a `/` inside a repository
 * name sent as `$`; the request builder then percent-encodes it, and signs the same path.
 */
export function repositoryTagsPath(target: TagTarget): string {
  return `/v2/manage/namespaces/${target.namespace}/repos/${target.repository.replace(/\//g, "$")}/tags`;
}

/**
 * A tag query made a plan, once: the complete listing of {@link tagListing} or the one page the
 * query names, and the output in the requested order with tag ascending as tie-break.
 */
export function tagPlan(request: RepositoryTagRequest): ListingPlan<ImageTag> {
  const order = requestedTagOrder(request);
  const { limit, offset } = request;
  return {
    listing: tagListing(request),
    onePage:
      limit === undefined || offset === undefined
        ? undefined
        : { limit, offset, pairs: (size, at) => tagPairs(request, size, at, order?.type) },
    sort: (tags) => sortTags(tags, order),
  };
}

/** The plain parameters of a tag request; the tag list needs no `filter` for anything we send. */
function tagPairs(
  request: RepositoryTagRequest,
  limit: number,
  offset: number,
  orderType: "asc" | "desc" | undefined,
): QueryPairs {
  const pairs: Array<[string, string]> = [];
  if (request.tag !== undefined) pairs.push(["tag", request.tag]);
  pairs.push(["limit", String(limit)], ["offset", String(offset)]);
  if (orderType) pairs.push(["order_column", "updated_at"], ["order_type", orderType]);
  return pairs;
}

/**
 * How a complete tag listing pages, and how it checks what the server sent. SWR documents one
 * order for tags, `updated_at`; tags pushed at the same instant tie, and the tag list cannot select
 * by time, so a tie group cut by a page boundary is repaired by fetching its pages again. The
 * caller's order is applied to the result instead.
 */
export function tagListing(request: RepositoryTagRequest): ListingSpec<ImageTag> {
  return {
    items: { one: "tag", many: "tags" },
    path: repositoryTagsPath(request),
    // The tag list documents no total in its rows: without `Content-Range` the end of the list counts them.
    parse: pageParser(imageTagReader, "tags", request),
    key: (tag) => tag.tag,
    // The server may match `tag` as a fragment: only that exact tag is kept.
    accepts: (tag) => request.tag === undefined || tag.tag === request.tag,
    routes: [
      {
        describe: "update-time order (order_column=updated_at)",
        pagePairs: (limit, offset) => tagPairs(request, limit, offset, "asc"),
        orderKey: (tag) => tag.updated,
        collations: TIMESTAMP_COLLATIONS,
      },
    ],
  };
}
