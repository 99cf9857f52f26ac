import { z } from "zod";
import { SwrInputError } from "../errors";
import { TagTarget } from "../model/imageTag";
import { organizationNameProblem } from "./organizationName";
import {
  checkEvenIfFieldsFailed,
  orderColumnOf,
  pageFields,
  pagingAndOrderIssues,
  repositoryNameProblem,
  ruled,
  strictObjectError,
  tagNameProblem,
  toInputIssues,
} from "./rules";

/**
 * Columns a tag query may ask the result to be ordered by. SWR documents `updated_at` only, so
 * `tag` orders a complete listing on the client, and is refused for one page (which the server orders).
 */
export const TAG_ORDER_COLUMNS = ["updated_at", "tag"] as const;
/** A column to order tags by. */
export type TagOrderColumn = (typeof TAG_ORDER_COLUMNS)[number];

/** Everything the tag list accepts besides the repository itself. */
export const repositoryTagQuerySchema = z
  .strictObject(
    {
      tag: ruled(tagNameProblem).optional(),
      ...pageFields,
      orderColumn: orderColumnOf(TAG_ORDER_COLUMNS).optional(),
    },
    strictObjectError,
  )
  .superRefine((q, ctx) => {
    pagingAndOrderIssues(q, ctx);
    if (q.orderColumn === "tag" && (q.limit !== undefined || q.offset !== undefined))
      ctx.addIssue({
        code: "custom",
        path: ["orderColumn"],
        message:
          "must be updated_at with limit and offset: SWR documents no other order for a page of tags " +
          "(without limit and offset every tag is listed, and ordered by tag here)",
      });
  }, checkEvenIfFieldsFailed);

/**
 * A query on one repository's tags. `tag` selects exactly that tag: the server may match it as a
 * fragment, so the client keeps only exact matches.
 *
 * @example
 * const query: RepositoryTagQuery = { orderColumn: "updated_at", orderType: "desc" };
 */
export type RepositoryTagQuery = z.infer<typeof repositoryTagQuerySchema>;

/** A validated tag request: the repository and the query. */
export type RepositoryTagRequest = TagTarget & RepositoryTagQuery;

const targetSchema = z.object({
  namespace: ruled(organizationNameProblem),
  repository: ruled(repositoryNameProblem),
});

/**
 * Validates a tag request; throws {@link SwrInputError} naming every broken field (`namespace`,
 * `repository`, `tag`, `limit`, …) and its rule.
 */
export function validateTagRequest(
  namespace: unknown,
  repository: unknown,
  query: unknown,
): RepositoryTagRequest {
  const target = targetSchema.safeParse({ namespace, repository });
  const parsed = repositoryTagQuerySchema.safeParse(query ?? {});
  const issues = [
    ...(target.success ? [] : toInputIssues(target.error, "")),
    ...(parsed.success ? [] : toInputIssues(parsed.error, "")),
  ];
  if (!target.success || !parsed.success) throw new SwrInputError(issues);
  return { ...target.data, ...parsed.data };
}
