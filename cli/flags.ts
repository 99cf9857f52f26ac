import { parseArgs, ParseArgsConfig } from "node:util";
import { InputIssue, SwrInputError } from "../sdk/client/errors";
import { QUERY_ARGUMENT_NAMES, REPOSITORY_QUERY_ARGUMENTS } from "../sdk/client/query/repositoryArguments";

/**
 * The command line's flags: how they are parsed, how a number is read from one, and the sets of
 * flags that commands compose (`{ ...QUERY_FLAGS, ...CONNECTION_FLAGS, ...OUTPUT_FLAGS, ...HELP_FLAG }`).
 */

/** `-h`/`--help`: every command prints its usage instead of running. */
export const HELP_FLAG = {
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

/** How a listing is ordered, by SWR's column and direction names. */
export const ORDER_FLAGS = {
  "order-column": { type: "string" },
  "order-type": { type: "string" },
} as const satisfies ParseArgsConfig["options"];

/** One page of a listing instead of the complete set. */
export const PAGE_FLAGS = {
  limit: { type: "string" },
  offset: { type: "string" },
} as const satisfies ParseArgsConfig["options"];

type QueryArguments = typeof REPOSITORY_QUERY_ARGUMENTS;

/**
 * Which repositories to list (`list`, `drift`): one flag per query argument, named by the table of
 * query arguments (`sdk/client/query/repositoryArguments.ts`).
 */
export const QUERY_FLAGS = Object.fromEntries(
  QUERY_ARGUMENT_NAMES.map((name) => [REPOSITORY_QUERY_ARGUMENTS[name].flag.name, { type: "string" }]),
) as {
  readonly [K in keyof QueryArguments as QueryArguments[K]["flag"]["name"]]: { readonly type: "string" };
};

/** Where SWR is and how to reach it (every command that sends requests). */
export const CONNECTION_FLAGS = {
  endpoint: { type: "string" },
  region: { type: "string" },
  profile: { type: "string" },
  "ca-bundle": { type: "string" },
  proxy: { type: "string" },
  deadline: { type: "string" },
  debug: { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

/** How to print the result. */
export const OUTPUT_FLAGS = {
  format: { type: "string" },
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

/** Checks a flag against its allowed values. */
export function requireChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value))
    throw new SwrInputError([
      { field: flag, rule: `must be one of ${choices.join(", ")}; got ${JSON.stringify(value)}` },
    ]);
  return value as T;
}

/** `text` as a number when it is digits only (no sign, point, exponent or blank), else `undefined`. */
export function wholeNumber(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * What a numeric flag accepts, which its message says: a whole number (`unit` names what it counts,
 * e.g. `of seconds (0 for none)`), or any number from 0 to `max` (a rate, a port).
 */
export type NumberRule =
  { readonly kind: "whole"; readonly unit?: string } | { readonly kind: "range"; readonly max: number };

const WHOLE: NumberRule = { kind: "whole" };

/**
 * Reads the number `--flag` gives; `undefined` when the flag is absent. A value the rule refuses
 * adds an issue naming the flag, the rule and the value (and gives `undefined`), so that one message
 * can name every bad flag.
 */
export function numberFlag(
  flag: string,
  value: string | undefined,
  issues: InputIssue[],
  rule: NumberRule = WHOLE,
): number | undefined {
  if (value === undefined) return undefined;
  const got = `got ${JSON.stringify(value)}`;
  if (rule.kind === "whole") {
    const n = wholeNumber(value);
    if (n === undefined)
      issues.push({
        field: `--${flag}`,
        rule: `must be a whole number${rule.unit ? ` ${rule.unit}` : ""}, ${got}`,
      });
    return n;
  }
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > rule.max) {
    issues.push({ field: `--${flag}`, rule: `must be a number from 0 to ${rule.max}, ${got}` });
    return undefined;
  }
  return n;
}

/**
 * The input error for `issues`, each field under its command-line name (`limit` → `--limit`), as a
 * table or a function gives it; a field neither names keeps its own.
 */
export function commandLineError(
  issues: readonly InputIssue[],
  names: Readonly<Record<string, string>> | ((field: string) => string),
): SwrInputError {
  const rename = typeof names === "function" ? names : (field: string) => names[field] ?? field;
  return new SwrInputError(issues.map((issue) => ({ ...issue, field: rename(issue.field) })));
}
