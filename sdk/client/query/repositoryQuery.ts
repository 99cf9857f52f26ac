import { z } from "zod";
import { SwrInputError } from "../errors";
import { QueryArgumentName } from "./repositoryArguments";
import { categorySchema, ORDER_COLUMNS, repositoryFilterSchema } from "./repositoryValues";
import { organizationNameProblem } from "./organizationName";
import {
  checkEvenIfFieldsFailed,
  orderColumnOf,
  pageFields,
  pagingAndOrderIssues,
  repositoryNameProblem,
  ruled,
  strictObjectError,
  toInputIssues,
} from "./rules";

export {
  CATEGORIES,
  type Category,
  FILTER_ORDER_COLUMNS,
  type FilterOrderColumn,
  ORDER_COLUMNS,
  type OrderColumn,
  type RepositoryFilter,
  repositoryFilterSchema,
} from "./repositoryValues";

/**
 * The rule of each argument in the table of query arguments (`REPOSITORY_QUERY_ARGUMENTS` in
 * `repositoryArguments.ts`), for a value that is given; absence is always allowed. The `satisfies`
 * clause makes an argument without a rule, or a rule without an argument, a compile error.
 */
const REPOSITORY_QUERY_RULES = {
  namespace: ruled(organizationNameProblem),
  name: ruled(repositoryNameProblem),
  category: categorySchema,
  isPublic: z.boolean({ error: "must be true or false" }),
  filter: repositoryFilterSchema,
  orderColumn: orderColumnOf(ORDER_COLUMNS),
  orderType: pageFields.orderType.unwrap(),
  limit: pageFields.limit.unwrap(),
  offset: pageFields.offset.unwrap(),
} satisfies { readonly [K in QueryArgumentName]: z.ZodType };

type QueryRules = typeof REPOSITORY_QUERY_RULES;

const repositoryQueryShape = Object.fromEntries(
  Object.entries(REPOSITORY_QUERY_RULES).map(([name, rule]) => [name, rule.optional()]),
) as { [K in QueryArgumentName]: z.ZodOptional<QueryRules[K]> };

/** Everything the repository list accepts. All fields are optional; with none, every repository is listed. */
export const repositoryQuerySchema = z
  .strictObject(repositoryQueryShape, strictObjectError)
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
