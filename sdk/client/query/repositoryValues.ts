/**
 * The values a repository query names: the categories, the order columns, and the structured
 * `filter` with its rules.
 */
import { z } from "zod";
import { CATEGORIES } from "./categories";
import {
  checkEvenIfFieldsFailed,
  fragmentProblem,
  orderColumnOf,
  orderPairIssues,
  pageFields,
  ruled,
  strictObjectError,
} from "./rules";

export { CATEGORIES, type Category } from "./categories";

/**
 * Columns a query may ask the result to be ordered by (`updated_time` is the filter's spelling of
 * `updated_at`). The seed documents the plain `order_column` with `updated_at` only, so `name`,
 * `updated_time` and `tag_count` reach the server, when they must (one page), inside `filter`;
 * `namespace` and `is_public`, which only Huawei's current reference documents (plain), are sent plain.
 * A complete listing is ordered here whatever the server did.
 */
export const ORDER_COLUMNS = [
  "updated_at",
  "updated_time",
  "name",
  "tag_count",
  "namespace",
  "is_public",
] as const;
/** A column to order by. */
export type OrderColumn = (typeof ORDER_COLUMNS)[number];

/** Columns the `filter` parameter's `order_column` key accepts. */
export const FILTER_ORDER_COLUMNS = ["name", "updated_time", "tag_count"] as const;
/** A column to order by inside `filter`. */
export type FilterOrderColumn = (typeof FILTER_ORDER_COLUMNS)[number];

/** The category rule. */
export const categorySchema = z.enum(CATEGORIES, { error: `must be one of ${CATEGORIES.join(", ")}` });

/** The structured `filter` parameter: fuzzy namespace and name, category, and an order. */
export const repositoryFilterSchema = z
  .strictObject(
    {
      namespace: ruled((v) => fragmentProblem(v, false)).optional(),
      name: ruled((v) => fragmentProblem(v, true)).optional(),
      category: categorySchema.optional(),
      orderColumn: orderColumnOf(FILTER_ORDER_COLUMNS).optional(),
      orderType: pageFields.orderType,
    },
    strictObjectError,
  )
  .superRefine((f, ctx) => {
    if (Object.values(f).every((v) => v === undefined))
      ctx.addIssue({ code: "custom", message: "must carry at least one key" });
    orderPairIssues(f, ctx);
  }, checkEvenIfFieldsFailed);

/** A fuzzy filter on the repository list; serialized as `key::value|key::value`. */
export type RepositoryFilter = z.infer<typeof repositoryFilterSchema>;
