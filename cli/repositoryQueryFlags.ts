import { InputIssue, RepositoryFilter, RepositoryQuery, SwrInputError, validateQuery } from "../sdk/client";
import {
  FlagReading,
  QUERY_ARGUMENT_NAMES,
  QueryArgumentName,
  REPOSITORY_QUERY_ARGUMENTS,
} from "../sdk/client/query/repositoryArguments";
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

/** How a flag's text becomes the argument's value; a text the reading refuses adds an issue naming the flag. */
const READERS: Record<FlagReading, (flag: string, text: string, issues: InputIssue[]) => unknown> = {
  text: (_flag, text) => text,
  whole: (flag, text, issues) => numberFlag(flag, text, issues),
  // Any other text is passed on, for the argument's rule to refuse naming the flag.
  boolean: (_flag, text) => (text === "true" ? true : text === "false" ? false : text),
  filter: (_flag, text) => parseFilterFlag(text),
};

/** The repository query the flags describe (a flag per argument of the table), validated (field names are the flags'). */
export function queryFromFlags(values: Record<string, string | boolean | undefined>): RepositoryQuery {
  const issues: InputIssue[] = [];
  const query: Record<string, unknown> = {};
  for (const name of QUERY_ARGUMENT_NAMES) {
    const { flag } = REPOSITORY_QUERY_ARGUMENTS[name];
    const text = values[flag.name];
    if (typeof text === "string") query[name] = READERS[flag.reading](flag.name, text, issues);
  }
  if (issues.length > 0) throw new SwrInputError(issues);
  const defined = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
  try {
    return validateQuery(defined);
  } catch (error) {
    if (!(error instanceof SwrInputError)) throw error;
    throw commandLineError(error.issues, flagName);
  }
}

/** `orderColumn` → `--order-column` (by the table), `filter.orderType` → `--filter order_type`. */
function flagName(field: string): string {
  if (field.startsWith("filter.")) {
    const key = field.slice(7);
    return `--filter ${Object.keys(FILTER_KEYS).find((k) => FILTER_KEYS[k] === key) ?? key}`;
  }
  return Object.hasOwn(REPOSITORY_QUERY_ARGUMENTS, field)
    ? `--${REPOSITORY_QUERY_ARGUMENTS[field as QueryArgumentName].flag.name}`
    : field;
}
