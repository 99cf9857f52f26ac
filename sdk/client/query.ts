import { z } from "zod";
import { InputIssue, SwrInputError } from "./errors";

/**
 * Repository categories, as the official SDKs list them (the API reference page omits `windows`).
 * A repository the server reports in another category is kept as it is.
 */
export const CATEGORIES = [
  "app_server",
  "linux",
  "framework_app",
  "database",
  "lang",
  "other",
  "windows",
  "arm",
] as const;
/** A repository category. */
export type Category = (typeof CATEGORIES)[number];

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

/** Ascending or descending. */
export type OrderType = "asc" | "desc";

/** The largest page SWR serves. */
export const MAX_PAGE_SIZE = 1000;

/**
 * The organization-name rule, as SWR states it. Returns the broken rule, or `undefined` when the name is valid.
 */
export function organizationNameProblem(value: string): string | undefined {
  if (value.length < 1 || value.length > 64) return "must be 1 to 64 characters long";
  if (!/^[a-z0-9._-]+$/.test(value))
    return "may contain only lowercase letters, digits, periods (.), underscores (_) and hyphens (-)";
  if (!/^[a-z]/.test(value)) return "must start with a lowercase letter";
  if (!/[a-z0-9]$/.test(value)) return "must end with a lowercase letter or a digit";
  if (/___/.test(value)) return "may not contain more than two consecutive underscores";
  if (/[._-]{2,}/.test(value.replace(/__/g, "_")))
    return "may not contain two adjacent periods, underscores or hyphens, except two consecutive underscores";
  return undefined;
}

/** Returns the broken rule of a repository name, or `undefined` when it is valid. */
export function repositoryNameProblem(value: string): string | undefined {
  if (value.length < 1 || value.length > 128) return "must be 1 to 128 characters long";
  if (!/^[a-z0-9._/-]+$/.test(value))
    return "may contain only lowercase letters, digits, periods (.), slashes (/), underscores (_) and hyphens (-)";
  if (!/^[a-z0-9]/.test(value) || !/[a-z0-9]$/.test(value))
    return "must start and end with a lowercase letter or a digit";
  return undefined;
}

/** Returns the broken rule of a fuzzy match fragment, or `undefined` when it is valid. */
function fragmentProblem(value: string, allowSlash: boolean): string | undefined {
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

const orderType = z.enum(["asc", "desc"], { error: 'must be "asc" or "desc"' });

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
  if ((q.limit === undefined) !== (q.offset === undefined))
    ctx.addIssue({
      code: "custom",
      path: [q.limit === undefined ? "limit" : "offset"],
      message: "limit and offset go together: give both (one page) or neither (every page)",
    });
  if (typeof q.limit === "number" && typeof q.offset === "number" && q.limit > 0 && q.offset % q.limit !== 0)
    ctx.addIssue({ code: "custom", path: ["offset"], message: `must be a multiple of limit (${q.limit})` });
  if ((q.orderColumn === undefined) !== (q.orderType === undefined))
    ctx.addIssue({
      code: "custom",
      path: [q.orderColumn === undefined ? "orderColumn" : "orderType"],
      message: "orderColumn and orderType go together: give both or neither",
    });
}
const category = z.enum(CATEGORIES, { error: `must be one of ${CATEGORIES.join(", ")}` });

/** The structured `filter` parameter: fuzzy namespace and name, category, and an order. */
export const repositoryFilterSchema = z
  .strictObject(
    {
      namespace: ruled((v) => fragmentProblem(v, false)).optional(),
      name: ruled((v) => fragmentProblem(v, true)).optional(),
      category: category.optional(),
      orderColumn: z
        .enum(FILTER_ORDER_COLUMNS, { error: `must be one of ${FILTER_ORDER_COLUMNS.join(", ")}` })
        .optional(),
      orderType: orderType.optional(),
    },
    {
      error: (i) =>
        i.code === "unrecognized_keys" ? `unknown key(s) ${i.keys.join(", ")}` : "must be an object",
    },
  )
  .superRefine((f, ctx) => {
    if (Object.values(f).every((v) => v === undefined))
      ctx.addIssue({ code: "custom", message: "must carry at least one key" });
    if ((f.orderColumn === undefined) !== (f.orderType === undefined))
      ctx.addIssue({
        code: "custom",
        path: [f.orderColumn === undefined ? "orderColumn" : "orderType"],
        message: "orderColumn and orderType go together: give both or neither",
      });
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
      orderColumn: z.enum(ORDER_COLUMNS, { error: `must be one of ${ORDER_COLUMNS.join(", ")}` }).optional(),
      filter: repositoryFilterSchema.optional(),
    },
    {
      error: (i) =>
        i.code === "unrecognized_keys" ? `unknown key(s) ${i.keys.join(", ")}` : "must be an object",
    },
  )
  .superRefine(pagingAndOrderIssues, checkEvenIfFieldsFailed);

/**
 * A query on the repository list.
 *
 * @example
 * const query: RepositoryQuery = { namespace: "team-a", orderColumn: "updated_at", orderType: "desc" };
 */
export type RepositoryQuery = z.infer<typeof repositoryQuerySchema>;

/** Turns zod issues into input issues whose field is the dotted path under `root`. */
export function toInputIssues(error: z.ZodError, root: string): InputIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("")
      .replace(/^\./, "");
    return { field: [root, path].filter(Boolean).join(".") || "query", rule: issue.message };
  });
}

/**
 * Validates a query; throws {@link SwrInputError} naming each broken field and rule.
 * `root` prefixes field names (e.g. `query` gives `query.namespace`); empty by default.
 */
export function validateQuery(input: unknown, root = ""): RepositoryQuery {
  const parsed = repositoryQuerySchema.safeParse(input ?? {});
  if (!parsed.success) throw new SwrInputError(toInputIssues(parsed.error, root));
  return parsed.data;
}
