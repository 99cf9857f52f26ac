import { InputIssue, RepositoryFilter, RepositoryQuery, SwrInputError, validateQuery } from "../sdk/client";
import { commandLineError, numberFlag } from "./flags";

/** `--filter` keys as SWR spells them, and the query field each sets. */
const FILTER_KEYS: Record<string, keyof RepositoryFilter> = {
  namespace: "namespace",
  name: "name",
  category: "category",
  order_column: "orderColumn",
  order_type: "orderType",
};

/**
 * Parses `--filter 'key::value|key::value'` into the structured filter. Keys as SWR spells them;
 * `limit` and `offset` belong in `--limit`/`--offset`.
 */
function parseFilterFlag(text: string): Record<string, string> {
  const filter: Record<string, string> = {};
  for (const part of text.split("|")) {
    const at = part.indexOf("::");
    const key = at < 0 ? part : part.slice(0, at);
    const field = FILTER_KEYS[key];
    if (at < 0 || !field)
      throw new SwrInputError([
        {
          field: "--filter",
          rule: `each part must be key::value with key one of ${Object.keys(FILTER_KEYS).join(", ")}; got ${JSON.stringify(part)}`,
        },
      ]);
    if (field in filter) throw new SwrInputError([{ field: "--filter", rule: `key ${key} is given twice` }]);
    filter[field] = part.slice(at + 2);
  }
  return filter;
}

/** The repository query the flags describe, validated (field names are the flags'). */
export function queryFromFlags(values: Record<string, string | boolean | undefined>): RepositoryQuery {
  const issues: InputIssue[] = [];
  const str = (k: string) => values[k] as string | undefined;
  const query = {
    namespace: str("namespace"),
    name: str("name"),
    category: str("category"),
    orderColumn: str("order-column"),
    orderType: str("order-type"),
    limit: numberFlag("limit", str("limit"), issues),
    offset: numberFlag("offset", str("offset"), issues),
    filter: str("filter") === undefined ? undefined : parseFilterFlag(str("filter") as string),
  };
  if (issues.length > 0) throw new SwrInputError(issues);
  const defined = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
  try {
    return validateQuery(defined);
  } catch (error) {
    if (!(error instanceof SwrInputError)) throw error;
    throw commandLineError(error.issues, flagName);
  }
}

/** `orderColumn` → `--order-column`, `filter.orderType` → `--filter order_type`. */
function flagName(field: string): string {
  const snake = (s: string) => s.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
  if (field.startsWith("filter.")) return `--filter ${snake(field.slice(7))}`;
  return "--" + snake(field).replace(/_/g, "-");
}
