import { PERMISSIVE, type Dialect } from "./dialect";
import { parseOrder, parsePage, parseQuery, readParameters } from "./queryParameters";
import type { Order, Page, ParameterRules, Parsed } from "./queryParameters";

/** Columns the tag list can order by. */
export type TagOrderColumn = "updated_at" | "tag";

/** A validated tag-list query, with the filter and the plain parameters merged. */
export interface TagQuery {
  /** Matched as a substring of the tag name, as real servers may. */
  readonly tag?: string;
  /** Present only when the caller sent both `limit` and `offset`; without them every tag is returned. */
  readonly page?: Page;
  readonly order: Order<TagOrderColumn>;
}

type ParameterKey = "offset" | "limit" | "order_column" | "order_type" | "tag";

const PARAMETERS: ParameterRules<ParameterKey> = {
  filterKeys: ["offset", "limit", "order_column", "order_type", "tag"],
  voidedByFilter: new Set(["tag"]),
};

const ORDER_COLUMNS: Record<string, TagOrderColumn> = { updated_at: "updated_at", tag: "tag" };

/**
 * Validates tag-list parameters as SWR does. `filter` (`offset::0|limit::10|order_column::…|
 * order_type::…|tag::…`) wins over the plain parameter of the same meaning (in the `every-plain`
 * dialect a filter voids the plain `tag` too); unknown parameters are ignored; an empty plain value
 * counts as absent. SWR documents `updated_at` as the only order column; `tag` is honoured, refused
 * or ignored as the dialect says, in the filter as well as plain. Without an order, newest first.
 *
 * @example
 * parseTagQuery(new URLSearchParams("limit=10&offset=0&order_column=tag&order_type=asc"));
 */
export function parseTagQuery(params: URLSearchParams, dialect: Dialect = PERMISSIVE): Parsed<TagQuery> {
  return parseQuery(() => {
    const pick = readParameters(params, PARAMETERS, dialect);
    return {
      tag: pick("tag").value,
      page: parsePage(pick("limit").value, pick("offset").value, dialect),
      order: parseOrder(pick("order_column").value, pick("order_type").value, {
        columns: ORDER_COLUMNS,
        dialect,
      }),
    };
  });
}
