import { z } from "zod";
import { SwrInputError } from "../errors";
import {
  checkEvenIfFieldsFailed,
  fragmentProblem,
  orderColumnOf,
  orderPairIssues,
  organizationNameProblem,
  pageFields,
  pagingAndOrderIssues,
  repositoryNameProblem,
  ruled,
  strictObjectError,
  toInputIssues,
} from "./rules";
import { CATEGORIES } from "./categories";

export { CATEGORIES, type Category } from "./categories";

/**
 * Columns a query may ask the result to be ordered by (`updated_time` is the filter's spelling of
 * `updated_at`). SWR documents the plain `order_column` with `updated_at` only; the others reach the
 * server, when they must (one page), inside `filter`.
 */
export const ORDER_COLUMNS = ["updated_at", "updated_time", "name", "tag_count"] as const;
/** A column to order by. */
export type OrderColumn = (typeof ORDER_COLUMNS)[number];

/** Columns the `filter` parameter's `order_column` key accepts. */
export const FILTER_ORDER_COLUMNS = ["name", "updated_time", "tag_count"] as const;
/** A column to order by inside `filter`. */
export type FilterOrderColumn = (typeof FILTER_ORDER_COLUMNS)[number];

const category = z.enum(CATEGORIES, { error: `must be one of ${CATEGORIES.join(", ")}` });

/** The structured `filter` parameter: fuzzy namespace and name, category, and an order. */
export const repositoryFilterSchema = z
  .strictObject(
    {
      namespace: ruled((v) => fragmentProblem(v, false)).optional(),
      name: ruled((v) => fragmentProblem(v, true)).optional(),
      category: category.optional(),
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

/** Everything the repository list accepts. All fields are optional; with none, every repository is listed. */
export const repositoryQuerySchema = z
  .strictObject(
    {
      namespace: ruled(organizationNameProblem).optional(),
      name: ruled(repositoryNameProblem).optional(),
      category: category.optional(),
      ...pageFields,
      orderColumn: orderColumnOf(ORDER_COLUMNS).optional(),
      filter: repositoryFilterSchema.optional(),
    },
    strictObjectError,
  )
  .superRefine(pagingAndOrderIssues, checkEvenIfFieldsFailed);

/**
 * A query on the repository list.
 *
 * @example
 * const query: RepositoryQuery = { namespace: "team-a", orderColumn: "updated_at", orderType: "desc" };
 */
export type RepositoryQuery = z.infer<typeof repositoryQuerySchema>;

/**
 * Validates a query; throws {@link SwrInputError} naming each broken field and rule.
 * `root` prefixes field names (e.g. `query` gives `query.namespace`); empty by default.
 */
export function validateQuery(input: unknown, root = ""): RepositoryQuery {
  const parsed = repositoryQuerySchema.safeParse(input ?? {});
  if (!parsed.success) throw new SwrInputError(toInputIssues(parsed.error, root));
  return parsed.data;
}
