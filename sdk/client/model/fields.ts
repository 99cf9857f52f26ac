/**
 * Field tables: each entity the client returns (a repository, a tag) is described once, field by
 * field, in a table that says what the field holds, where it comes from on the wire, and how it is
 * checked. Everything else is derived from that table: the entity's type, the one-pass reader of
 * server rows, the zod schema that explains a rejected row, the packed columns of the plugin
 * protocol, the CLI's CSV columns and the package schema's properties.
 */
import { z } from "zod";
import { compareStrings } from "../stringOrder";

/** How the package schema types a field. */
export type SchemaType = "string" | "integer" | "number" | "boolean" | "string-list";

/** What a field of every kind says about itself. */
interface FieldBase {
  /** What the field holds: the text of the type's docs, the package schema and `--help`. */
  readonly description: string;
  /** How the package schema types it. */
  readonly schemaType: SchemaType;
  /**
   * A pull path whose value may be `{host}/{first}/{second}`, of two other fields: the packed form
   * sends only the host when every row's is.
   */
  readonly packedFrom?: readonly [string, string];
}

/** A field read from one property of the server's row. */
export type WireField<T> = FieldBase & {
  readonly source: "wire";
  /** The property's name on the wire (snake_case). */
  readonly wire: string;
  /** How to check and convert it (the kind decides both the reader and the schema). */
  readonly check: WireCheck;
  /** Present only to carry the value type. */
  readonly __value?: T;
};

/** A field the client computes from the row's other fields and the listing's context. */
export type DerivedField<T, Context> = FieldBase & {
  readonly source: "derived";
  readonly derive: (wire: Readonly<Record<string, unknown>>, context: Context) => T;
};

/** One field of an entity whose rows are read in `Context` (what the listing knows beyond the row). */
export type Field<T, Context = undefined> = WireField<T> | DerivedField<T, Context>;

/**
 * How a wire property is checked. `optional` fields take their default when the property is
 * absent or `null` (a Go server writes a nil slice or pointer as `null`); any other value must be
 * of the right kind. Unknown kinds of value never pass.
 */
export type WireCheck =
  | { readonly kind: "text"; readonly nonEmpty?: boolean; readonly optional?: boolean }
  | { readonly kind: "pattern"; readonly pattern: RegExp; readonly message: string }
  | { readonly kind: "count"; readonly optional?: boolean }
  | { readonly kind: "flag"; readonly default?: boolean }
  | { readonly kind: "text-list"; readonly sorted: true }
  | {
      readonly kind: "coded";
      readonly codes: readonly unknown[];
      readonly values: readonly string[];
      readonly message: string;
    };

/** A text property: required unless `optional` (then `""` when absent or `null`). */
export function text(
  description: string,
  wire: string,
  options: { readonly nonEmpty?: boolean; readonly optional?: boolean } = {},
): WireField<string> {
  return { source: "wire", description, schemaType: "string", wire, check: { kind: "text", ...options } };
}

/** A required text property that must match `pattern`; `message` is the rule shown when it does not. */
export function patterned(
  description: string,
  wire: string,
  pattern: RegExp,
  message: string,
): WireField<string> {
  return {
    source: "wire",
    description,
    schemaType: "string",
    wire,
    check: { kind: "pattern", pattern, message },
  };
}

/**
 * A whole number of 0 or more, exact (below 2^53). The schema types it `number` unless it is
 * known to stay small (`integer` is 32 bits in some Pulumi languages).
 */
export function count(
  description: string,
  wire: string,
  schemaType: "number" | "integer" = "number",
): WireField<number> {
  return { source: "wire", description, schemaType, wire, check: { kind: "count" } };
}

/** A boolean property: required unless it has a default (then that when absent or `null`). */
export function flag(description: string, wire: string, fallback?: boolean): WireField<boolean> {
  return {
    source: "wire",
    description,
    schemaType: "boolean",
    wire,
    check: { kind: "flag", default: fallback },
  };
}

/** A list of strings (`[]` when absent or `null`), sorted as it is read. */
export function sortedTextList(description: string, wire: string): WireField<readonly string[]> {
  return {
    source: "wire",
    description,
    schemaType: "string-list",
    wire,
    check: { kind: "text-list", sorted: true },
  };
}

/**
 * A property whose wire codes stand for names: `codes[i]` is read as `values[i]`; absent or `null`
 * reads as `values[0]`. `message` is the rule shown for any other code.
 */
export function coded<V extends string>(
  description: string,
  wire: string,
  codes: readonly unknown[],
  values: readonly V[],
  message: string,
): WireField<V> {
  return {
    source: "wire",
    description,
    schemaType: "string",
    wire,
    check: { kind: "coded", codes, values, message },
  };
}

/** A field computed from the row's wire properties (already checked) and the listing's context. */
export function derived<T, Context = undefined>(
  description: string,
  schemaType: SchemaType,
  derive: (wire: Readonly<Record<string, unknown>>, context: Context) => T,
): DerivedField<T, Context> {
  return { source: "derived", description, schemaType, derive };
}

/** A table of fields, in the order the entity holds them. */
export type FieldTable<Context = undefined> = Readonly<Record<string, Field<unknown, Context>>>;

/** The entity a table describes: one readonly property per field, of the field's type. */
export type RowOf<Table> = {
  readonly [K in keyof Table]: Table[K] extends Field<infer T, never> ? T : never;
};

/** The names of a table's fields, in order. */
export function fieldNames<Table extends object>(table: Table): ReadonlyArray<keyof Table & string> {
  return Object.keys(table) as Array<keyof Table & string>;
}

const COUNT_RULE = "must be a whole number below 2^53 (larger values cannot be kept exact)";
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** The value marking a wire property that failed its check. */
const INVALID = Symbol("invalid");

/** A wire check of one kind. */
type CheckOf<K extends WireCheck["kind"]> = Extract<WireCheck, { readonly kind: K }>;

/**
 * What a kind of wire check means, said once for the three places that apply it: the schema, the
 * compiled reader and the slow path. A property test holds the reader and the schema together.
 */
interface CheckKind<C extends WireCheck> {
  /** The checked (and converted) value of one wire property, or {@link INVALID}. */
  read(check: C, value: unknown): unknown;
  /** The zod type that accepts what `read` accepts, with the same rule messages. */
  schema(check: C): z.ZodType;
  /**
   * The compiled reader's statements for the same check of the variable `value` (the row's check
   * number `at`): they convert it in place, or `return undefined;`. Where a kind has no faster
   * form, they call `read` (as `readWire`).
   */
  code(check: C, value: string, at: number): string;
}

const FAIL = "return undefined;";

/** Every kind of wire check. */
const CHECK_KINDS: { readonly [K in WireCheck["kind"]]: CheckKind<CheckOf<K>> } = {
  text: {
    read(check, value) {
      if (value == null && check.optional) return "";
      return typeof value === "string" && !(check.nonEmpty && value === "") ? value : INVALID;
    },
    schema(check) {
      const base = check.nonEmpty ? z.string().min(1) : z.string();
      return check.optional ? base.nullish() : base;
    },
    code: (check, value) =>
      (check.optional ? `if (${value} == null) ${value} = ""; else ` : "") +
      `if (typeof ${value} !== "string"${check.nonEmpty ? ` || ${value} === ""` : ""}) ${FAIL}`,
  },
  pattern: {
    read: (check, value) => (typeof value === "string" && check.pattern.test(value) ? value : INVALID),
    schema: (check) => z.string().regex(check.pattern, { error: check.message }),
    code: (_check, value, at) =>
      `if (typeof ${value} !== "string" || !checks[${at}].pattern.test(${value})) ${FAIL}`,
  },
  count: {
    read(check, value) {
      if (value == null && check.optional) return undefined;
      return isCount(value) ? value : INVALID;
    },
    schema(check) {
      const base = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER, { error: COUNT_RULE });
      return check.optional ? base.nullish() : base;
    },
    code: (check, value) =>
      check.optional
        ? `if (${value} == null) ${value} = undefined; else if (!isCount(${value})) ${FAIL}`
        : `if (!isCount(${value})) ${FAIL}`,
  },
  flag: {
    read(check, value) {
      if (value == null && check.default !== undefined) return check.default;
      return typeof value === "boolean" ? value : INVALID;
    },
    schema: (check) => (check.default === undefined ? z.boolean() : z.boolean().nullish()),
    code: (check, value) =>
      (check.default === undefined ? "" : `if (${value} == null) ${value} = ${check.default}; else `) +
      `if (typeof ${value} !== "boolean") ${FAIL}`,
  },
  "text-list": {
    read(_check, value) {
      if (value == null) return [];
      if (!Array.isArray(value)) return INVALID;
      for (const item of value) if (typeof item !== "string") return INVALID;
      return sortedInPlace(value as string[]);
    },
    schema: () => z.array(z.string()).nullish(),
    code: (_check, value, at) =>
      `${value} = readWire(checks[${at}], ${value}); if (${value} === INVALID) ${FAIL}`,
  },
  coded: {
    read(check, value) {
      if (value == null) return check.values[0];
      const at = check.codes.indexOf(value);
      return at < 0 ? INVALID : check.values[at];
    },
    schema: (check) =>
      z
        .any()
        .refine((v) => v == null || check.codes.includes(v), { error: check.message })
        .optional(),
    code: (_check, value, at) =>
      `${value} = readWire(checks[${at}], ${value}); if (${value} === INVALID) ${FAIL}`,
  },
};

/** The kind of `check`, typed for it. */
function kindOf(check: WireCheck): CheckKind<WireCheck> {
  return CHECK_KINDS[check.kind] as CheckKind<WireCheck>;
}

/** The checked (and converted) value of one wire property, or {@link INVALID}. */
function readWire(check: WireCheck, value: unknown): unknown {
  return kindOf(check).read(check, value);
}

/**
 * The list sorted in {@link compareStrings} order; it came fresh from `JSON.parse`, so it is sorted
 * where it is. A repository's tags are few: an insertion sort of them (one pass when they are
 * already in order) costs a third of `sort` with a comparator, which calls back into JavaScript for
 * every comparison. A long list is sorted by `sort`.
 */
function sortedInPlace(items: string[]): string[] {
  if (items.length > INSERTION_SORT_MAX) {
    for (let i = 1; i < items.length; i++) if (items[i - 1] > items[i]) return items.sort(compareStrings);
    return items;
  }
  for (let i = 1; i < items.length; i++) {
    const item = items[i];
    let j = i - 1;
    if (!(items[j] > item)) continue;
    do items[j + 1] = items[j];
    while (--j >= 0 && items[j] > item);
    items[j + 1] = item;
  }
  return items;
}

/** The longest list {@link sortedInPlace} sorts by insertion (quadratic, so only short ones). */
const INSERTION_SORT_MAX = 32;

/**
 * An entity's reading from server rows, derived from its field table: the one-pass reader, and the
 * schema that explains a rejected row.
 */
export interface EntityReader<Row, Context> {
  /**
   * Reads one row in a single pass, or returns `undefined` when anything about it is off. It
   * accepts exactly what {@link EntityReader.wireSchema} accepts (a property test holds the two
   * together) and builds the result directly: at 100,000 repositories a schema's copy plus a
   * conversion cost a third of the listing's CPU time. On `undefined`, run the schema to learn why.
   */
  readonly read: (raw: unknown, context: Context) => Row | undefined;
  /** The wire row as a zod schema (unknown extra properties ignored). */
  readonly wireSchema: z.ZodType<Record<string, unknown>>;
  /** The entity from a row the schema parsed. */
  readonly fromParsed: (parsed: Readonly<Record<string, unknown>>, context: Context) => Row;
}

/**
 * Builds the reader and the schema of an entity from its table. `extraChecks` are wire properties
 * the entity does not keep but whose presence must still be well-formed.
 *
 * The reader is compiled once, from the table alone (names and checks this package wrote, never
 * anything a server sent), into straight-line code with one object literal: a loop over the table
 * reads the same rows at half the speed, because every property store and check is then a
 * polymorphic call site.
 */
export function entityReader<Table extends FieldTable<Context>, Context = undefined>(
  table: Table,
  extraChecks: Readonly<Record<string, WireCheck>> = {},
): EntityReader<RowOf<Table>, Context> {
  const names = fieldNames(table);
  const fields = names.map((name) => table[name]);
  const extras = Object.entries(extraChecks);
  const checks = [
    ...fields.map((f) => (f.source === "wire" ? f.check : undefined)),
    ...extras.map(([, c]) => c),
  ];
  const derives = fields.map((f) => (f.source === "derived" ? f.derive : undefined));
  const wireNames = [
    ...fields.map((f) => (f.source === "wire" ? f.wire : undefined)),
    ...extras.map(([w]) => w),
  ];

  const lines = ['if (typeof w !== "object" || w === null || Array.isArray(w)) return undefined;'];
  checks.forEach((check, i) => {
    if (check === undefined) return;
    lines.push(`let v${i} = w[${JSON.stringify(wireNames[i])}];`, kindOf(check).code(check, `v${i}`, i));
  });
  const properties = names.map(
    (name, i) => `${JSON.stringify(name)}: ${derives[i] ? `derives[${i}](w, context)` : `v${i}`}`,
  );
  lines.push(`return { ${properties.join(", ")} };`);
  const compile = new Function(
    "checks",
    "derives",
    "isCount",
    "readWire",
    "INVALID",
    `return function read(w, context) {\n${lines.join("\n")}\n};`,
  ) as (...helpers: unknown[]) => EntityReader<RowOf<Table>, Context>["read"];
  const read = compile(checks, derives, isCount, readWire, INVALID);

  const shape: Record<string, z.ZodType> = {};
  checks.forEach((check, i) => {
    if (check !== undefined) shape[wireNames[i] as string] = kindOf(check).schema(check);
  });

  return {
    read,
    wireSchema: z.object(shape) as unknown as z.ZodType<Record<string, unknown>>,
    fromParsed(parsed, context) {
      const row: Record<string, unknown> = {};
      names.forEach((name, i) => {
        const field = fields[i];
        row[name] =
          field.source === "derived"
            ? field.derive(parsed, context)
            : readWire(field.check, parsed[field.wire]);
      });
      return row as RowOf<Table>;
    },
  };
}
