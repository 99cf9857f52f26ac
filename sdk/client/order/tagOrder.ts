import { compareStrings } from "../stringOrder";
import { ImageTag } from "../model/imageTag";
import { RepositoryTagQuery, TagOrderColumn } from "../query/tagQuery";
import { OrderType } from "../query/rules";

/**
 * Sorts in place into the documented deterministic order: the requested order if any, with tag
 * ascending as the tie-break; with no requested order, tag ascending.
 */
export function sortTags(
  tags: ImageTag[],
  order: { readonly column: TagOrderColumn; readonly type: OrderType } | undefined,
): ImageTag[] {
  const sign = order?.type === "desc" ? -1 : 1;
  if (order?.column === "tag") return tags.sort((a, b) => sign * compareStrings(a.tag, b.tag));
  if (order?.column === "updated_at")
    // SWR formats every timestamp alike (UTC, fixed width), so text order is time order.
    return tags.sort((a, b) => sign * compareStrings(a.updated, b.updated) || compareStrings(a.tag, b.tag));
  return tags.sort((a, b) => compareStrings(a.tag, b.tag));
}

/** The order a tag query asks for, if any. */
export function requestedTagOrder(
  query: RepositoryTagQuery,
): { column: TagOrderColumn; type: OrderType } | undefined {
  return query.orderColumn && query.orderType
    ? { column: query.orderColumn, type: query.orderType }
    : undefined;
}
