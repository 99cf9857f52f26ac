import { z } from "zod";
import { SwrInputError } from "../errors";
import { repositoryQueryShape } from "./repositoryArguments";
import { checkEvenIfFieldsFailed, pagingAndOrderIssues, strictObjectError, toInputIssues } from "./rules";

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
 * Everything the repository list accepts, from the table of query arguments
 * (`REPOSITORY_QUERY_ARGUMENTS` in `repositoryArguments.ts`). All fields are optional; with none, every repository is listed.
 */
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
