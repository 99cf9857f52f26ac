/**
 * The rules every query shares: SWR's name rules, the page parameters and their limits, and how
 * broken rules become {@link InputIssue}s that name the field.
 */
import { z } from "zod";
import { InputIssue } from "../errors";
import { issuePath } from "../issuePath";

import { MAX_PAGE_SIZE } from "./pageSize";

/** Returns the broken rule of a repository name, or `undefined` when it is valid. */
export function repositoryNameProblem(value: string): string | undefined {
  if (value.length < 1 || value.length > 128) return "must be 1 to 128 characters long";
  if (!/^[a-z0-9._/-]+$/.test(value))
    return "may contain only lowercase letters, digits, periods (.), slashes (/), underscores (_) and hyphens (-)";
  if (!/^[a-z0-9]/.test(value) || !/[a-z0-9]$/.test(value))
    return "must start and end with a lowercase letter or a digit";
  return undefined;
}

/** Returns the broken rule of a tag name (Docker's rule), or `undefined` when it is valid. */
export function tagNameProblem(value: string): string | undefined {
  if (value.length < 1 || value.length > 128) return "must be 1 to 128 characters long";
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(value))
    return "may contain only letters, digits, underscores (_), periods (.) and hyphens (-), and may not start with a period or hyphen";
  return undefined;
}

/** Returns the broken rule of a fuzzy match fragment, or `undefined` when it is valid. */
export function fragmentProblem(value: string, allowSlash: boolean): string | undefined {
  const max = allowSlash ? 128 : 64;
  if (value.length < 1 || value.length > max) return `must be 1 to ${max} characters long`;
  const pattern = allowSlash ? /^[a-z0-9._/-]+$/ : /^[a-z0-9._-]+$/;
  if (!pattern.test(value))
    return `may contain only lowercase letters, digits, periods, ${allowSlash ? "slashes, " : ""}underscores and hyphens (so "|" and "::" never appear inside a filter value)`;
  return undefined;
}

/** A string checked by a rule function that returns the broken rule, or `undefined`. */
export const ruled = (check: (v: string) => string | undefined) =>
  z.string({ error: "must be a string" }).superRefine((v, ctx) => {
    const problem = check(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Run the cross-field rules even when a field failed, so one error lists every broken rule. */
export const checkEvenIfFieldsFailed = {
  when: (payload: { value: unknown }) => typeof payload.value === "object" && payload.value !== null,
};

/** Ascending or descending. */
export type OrderType = "asc" | "desc";

const orderType = z.enum(["asc", "desc"], { error: 'must be "asc" or "desc"' });

/** A column to order by from `columns`, whose rule lists them. */
export const orderColumnOf = <const C extends readonly [string, ...string[]]>(columns: C) =>
  z.enum(columns, { error: `must be one of ${columns.join(", ")}` });

/** The page parameters both lists take, with SWR's limits, and the order direction. */
export const pageFields = {
  limit: z
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .max(MAX_PAGE_SIZE, { error: `must be at most ${MAX_PAGE_SIZE}` })
    .optional(),
  offset: z
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(0, { error: "must be 0 or more" })
    .optional(),
  orderType: orderType.optional(),
};

/** The rules across page and order parameters that both lists share: pairs go together, offset is a multiple. */
export function pagingAndOrderIssues(
  q: { limit?: unknown; offset?: unknown; orderColumn?: unknown; orderType?: unknown },
  ctx: z.RefinementCtx,
): void {
  pairIssue(q, "limit", "offset", "give both (one page) or neither (every page)", ctx);
  if (typeof q.limit === "number" && typeof q.offset === "number" && q.limit > 0 && q.offset % q.limit !== 0)
    ctx.addIssue({ code: "custom", path: ["offset"], message: `must be a multiple of limit (${q.limit})` });
  orderPairIssues(q, ctx);
}

/** An order is a column and a direction: one without the other is an issue on the missing one. */
export function orderPairIssues(
  q: { orderColumn?: unknown; orderType?: unknown },
  ctx: z.RefinementCtx,
): void {
  pairIssue(q, "orderColumn", "orderType", "give both or neither", ctx);
}

/** Two parameters that go together: one without the other is an issue on the missing one. */
function pairIssue<K extends string>(
  q: Partial<Record<K, unknown>>,
  first: K,
  second: K,
  rule: string,
  ctx: z.RefinementCtx,
): void {
  if ((q[first] === undefined) !== (q[second] === undefined))
    ctx.addIssue({
      code: "custom",
      path: [q[first] === undefined ? first : second],
      message: `${first} and ${second} go together: ${rule}`,
    });
}
/** The message of a strict object's own failures: unknown keys, or not an object at all. */
export const strictObjectError = {
  error: (issue: { readonly code: string; readonly keys?: readonly string[] }) =>
    issue.code === "unrecognized_keys"
      ? `unknown key(s) ${(issue.keys ?? []).join(", ")}`
      : "must be an object",
};

/** Turns zod issues into input issues whose field is the issue's path under `root` (see {@link issuePath}). */
export function toInputIssues(error: z.ZodError, root: string): InputIssue[] {
  return error.issues.map((issue) => ({
    field: issuePath(root, issue.path) || "query",
    rule: issue.message,
  }));
}
