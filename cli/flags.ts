import { parseArgs, ParseArgsConfig } from "node:util";
import { InputIssue, RepositoryFilter, RepositoryQuery, SwrInputError, validateQuery } from "../sdk/client";

/** The query flags shared by `list` and `drift`. */
export const QUERY_FLAGS = {
  namespace: { type: "string" },
  name: { type: "string" },
  category: { type: "string" },
  filter: { type: "string" },
  "order-column": { type: "string" },
  "order-type": { type: "string" },
  limit: { type: "string" },
  offset: { type: "string" },
  endpoint: { type: "string" },
  region: { type: "string" },
  "ca-bundle": { type: "string" },
  proxy: { type: "string" },
  deadline: { type: "string" },
  format: { type: "string" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

/**
 * Parses a command's arguments with `parseArgs`. Unknown flags and missing values, a flag that takes
 * one value given twice (`--namespace a --namespace b`: which one was meant?), and an empty value
 * (`--endpoint ''` would otherwise fall back to the environment, or to the built-in emulator, in
 * silence) are input errors naming the flag (exit 2).
 */
export function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  let parsed: ReturnType<typeof parseArgs<T & { tokens: true }>>;
  try {
    parsed = parseArgs({ ...config, tokens: true });
  } catch (error) {
    throw new SwrInputError([{ field: "arguments", rule: (error as Error).message }]);
  }
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== "option") continue;
    const option = config.options?.[token.name];
    if (option?.type !== "string") continue;
    const flag = `--${token.name}`;
    if (token.value === "") issues.push({ field: flag, rule: "must not be empty" });
    if (seen.has(token.name) && !option.multiple)
      issues.push({ field: flag, rule: "is given more than once; give it once" });
    seen.add(token.name);
  }
  if (issues.length > 0) throw new SwrInputError(issues);
  const { tokens: _tokens, ...results } = parsed;
  return results as ReturnType<typeof parseArgs<T>>;
}

function wholeNumber(flag: string, value: string | undefined, issues: InputIssue[]): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    issues.push({ field: `--${flag}`, rule: `must be a whole number, got ${JSON.stringify(value)}` });
    return undefined;
  }
  return Number(value);
}

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
export function parseFilterFlag(text: string): Record<string, string> {
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
    limit: wholeNumber("limit", str("limit"), issues),
    offset: wholeNumber("offset", str("offset"), issues),
    filter: str("filter") === undefined ? undefined : parseFilterFlag(str("filter") as string),
  };
  if (issues.length > 0) throw new SwrInputError(issues);
  const defined = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
  try {
    return validateQuery(defined);
  } catch (error) {
    if (!(error instanceof SwrInputError)) throw error;
    throw new SwrInputError(error.issues.map((i) => ({ ...i, field: flagName(i.field) })));
  }
}

/** `orderColumn` → `--order-column`, `filter.orderType` → `--filter order_type`. */
function flagName(field: string): string {
  const snake = (s: string) => s.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
  if (field.startsWith("filter.")) return `--filter ${snake(field.slice(7))}`;
  return "--" + snake(field).replace(/_/g, "-");
}
