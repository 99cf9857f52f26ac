import { PERMISSIVE, type Dialect } from "./dialect";
import { CATEGORIES, isCategory, isOrganizationName } from "./names";
import {
  parseOrder,
  parsePage,
  parseQuery,
  QUERY_ERROR_CODES,
  QueryRejected,
  readParameters,
} from "./queryParameters";
import type { Order, Page, ParameterRules, Parsed } from "./queryParameters";

/** Columns the emulator can order by; `updated_time` (the filter's spelling) maps to `updated_at`. */
export type OrderColumn = "updated_at" | "created_at" | "name" | "tag_count" | "namespace" | "is_public";

/** A text condition: equality, or containment for SWR's fuzzy matches. */
export interface TextMatch {
  readonly value: string;
  readonly substring: boolean;
}

/** A validated repository-list query, with the filter and the plain parameters merged. */
export interface ListQuery {
  readonly namespace?: TextMatch;
  readonly name?: TextMatch;
  readonly category?: string;
  /** Only public (`true`) or private (`false`) repositories. */
  readonly isPublic?: boolean;
  /** Present only when the caller sent both `limit` and `offset`. */
  readonly page?: Page;
  readonly order: Order<OrderColumn>;
}

/** Items returned when no `limit`/`offset` is sent (the documented default). */
export const DEFAULT_PAGE_SIZE = 100;

/** The filter's order columns (by the name sent). */
const FILTER_ORDER_COLUMNS: Record<string, OrderColumn> = {
  name: "name",
  updated_time: "updated_at",
  tag_count: "tag_count",
};
/** The plain `order_column`'s columns (by the name sent), in the order the error message lists them. */
const PLAIN_ORDER_COLUMNS: Record<string, OrderColumn> = {
  updated_at: "updated_at",
  updated_time: "updated_at",
  created_at: "created_at",
  name: "name",
  tag_count: "tag_count",
  // Documented plain by Huawei's current reference; read as the dialect reads any plain column but updated_at.
  namespace: "namespace",
  is_public: "is_public",
};

type ParameterKey =
  "namespace" | "name" | "category" | "is_public" | "limit" | "offset" | "order_column" | "order_type";

const PARAMETERS: ParameterRules<ParameterKey> = {
  filterKeys: ["namespace", "name", "category", "is_public", "limit", "offset", "order_column", "order_type"],
  voidedByFilter: new Set(["namespace", "name", "category"]),
  filterValueChecks: {
    order_column: (column) =>
      Object.hasOwn(FILTER_ORDER_COLUMNS, column)
        ? undefined
        : `order_column must be name, updated_time or tag_count, not "${column}"`,
    order_type: (type) =>
      type === "asc" || type === "desc" ? undefined : `order_type must be asc or desc, not "${type}"`,
  },
};

/** The parameters as an older server reads them: no `is_public`, so the filter key is unknown there. */
const OLDER_PARAMETERS: ParameterRules<ParameterKey> = {
  ...PARAMETERS,
  filterKeys: PARAMETERS.filterKeys.filter((key) => key !== "is_public"),
};

/** A fuzzy namespace is a fragment of a name, so only the character set is checked. */
const NAMESPACE_FRAGMENT = /^[a-z0-9._-]{1,64}$/;

/**
 * Validates repository-list parameters as SWR does and merges `filter` over the plain parameters:
 * where the filter carries a key, the plain parameter of the same meaning is ignored (not even
 * validated); in the `every-plain` dialect a filter voids every plain namespace, name and category.
 * A plain `order_column` other than the documented `updated_at` is honoured, refused or ignored as
 * the dialect says. Unknown parameters are ignored; an empty plain value counts as absent.
 *
 * @example
 * parseListQuery(new URLSearchParams("filter=namespace::acme|limit::10&offset=0"), true);
 * // → { query: { namespace: { value: "acme", substring: true }, page: { limit: 10, offset: 0 }, ... } }
 */
export function parseListQuery(
  params: URLSearchParams,
  fuzzyName: boolean,
  dialect: Dialect = PERMISSIVE,
): Parsed<ListQuery> {
  return parseQuery(() => buildQuery(params, fuzzyName, dialect));
}

function buildQuery(params: URLSearchParams, fuzzyName: boolean, dialect: Dialect): ListQuery {
  const honoursIsPublic = dialect.isPublic === "honour";
  const pick = readParameters(params, honoursIsPublic ? PARAMETERS : OLDER_PARAMETERS, dialect);
  const namespace = pick("namespace");
  const name = pick("name");
  const category = pick("category").value;
  if (namespace.value !== undefined) checkNamespace(namespace.value, namespace.fromFilter);
  if (category !== undefined && !isCategory(category)) {
    throw new QueryRejected(
      QUERY_ERROR_CODES.value,
      `Invalid parameter category: "${category}" is not one of ${CATEGORIES.join(", ")}`,
    );
  }
  const orderColumn = pick("order_column");
  // An older server does not know the plain parameter either, and ignores it as any unknown one.
  const isPublic = honoursIsPublic ? pick("is_public").value : undefined;
  if (isPublic !== undefined && isPublic !== "true" && isPublic !== "false") {
    throw new QueryRejected(
      QUERY_ERROR_CODES.value,
      `Invalid parameter is_public: "${isPublic}" must be true or false`,
    );
  }
  return {
    namespace:
      namespace.value === undefined ? undefined : { value: namespace.value, substring: namespace.fromFilter },
    name:
      name.value === undefined ? undefined : { value: name.value, substring: name.fromFilter || fuzzyName },
    category,
    isPublic: isPublic === undefined ? undefined : isPublic === "true",
    page: parsePage(pick("limit").value, pick("offset").value, dialect),
    // The filter's columns were checked with the filter; plain, SWR documents `updated_at` only.
    order: parseOrder(orderColumn.value, pick("order_type").value, {
      columns: PLAIN_ORDER_COLUMNS,
      dialect,
      checkedByFilter: orderColumn.fromFilter,
    }),
  };
}

function checkNamespace(value: string, fuzzy: boolean): void {
  const valid = fuzzy ? NAMESPACE_FRAGMENT.test(value) : isOrganizationName(value);
  if (!valid) {
    throw new QueryRejected(
      QUERY_ERROR_CODES.namespace,
      `Invalid parameter namespace: "${value}" is not a valid organization name ` +
        "(1-64 characters of a-z, 0-9, '.', '_', '-', starting with a letter and ending with a letter or digit)",
    );
  }
}
