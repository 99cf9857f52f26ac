/**
 * A compact way across the plugin protocol for large results. The protocol carries results as
 * protobuf `Struct`s, which the Node SDK's google-protobuf builds and reads one value at a time
 * (about 0.7 s per 1000 repositories on each side) and encodes each string through a JS array of
 * bytes, which crashes V8 past about 130 million bytes. So a large list crosses as JSON of a
 * {@link ColumnTable} cut into chunks of at most 1 Mi characters: a few strings instead of millions
 * of values, each small enough to encode.
 */

/** Most characters in one chunk. */
export const CHUNK_CHARS = 1 << 20;

/**
 * A list of flat objects by column, each column in the smallest of a few forms, so that what
 * crosses the protocol is a fraction of the objects' JSON (at 100,000 repositories 13 MB instead of
 * 37 MB, and every protocol step costs in proportion to its bytes).
 */
export interface ColumnTable {
  /** How many objects. */
  readonly count: number;
  /** The field names, in the order the objects hold them. */
  readonly fields: readonly string[];
  /** One column per field. */
  readonly columns: readonly Column[];
}

/** One field of every object. */
export type Column =
  /** The values as they are. */
  | { readonly values: readonly unknown[] }
  /** The same value in every object. */
  | { readonly constant: unknown }
  /** Few distinct values: each object's value is `dictionary[indexes[i]]`. */
  | { readonly dictionary: readonly unknown[]; readonly indexes: readonly number[] }
  /** Lists of few distinct values: each object's list is `lists[i]` mapped through `dictionary`. */
  | { readonly dictionary: readonly unknown[]; readonly lists: ReadonlyArray<readonly number[]> }
  /** Derived: each object's value is `prefix + item[from[0]] + "/" + item[from[1]]`. */
  | { readonly prefix: string; readonly from: readonly [string, string] };

/** A column is kept as a dictionary when it has at most one distinct value per this many objects. */
const DICTIONARY_RATIO = 4;

/**
 * A column is first judged on this many values spread over it: when more than half of them are
 * distinct it is kept as it is, unexamined (names, sizes, timestamps), sparing a dictionary pass.
 */
const SAMPLE = 1024;

/**
 * Turns objects into a {@link ColumnTable} over `fields`. `derived` names string fields that may be
 * `prefix + item[a] + "/" + item[b]` for one prefix (pull paths are `host/namespace/name`); a field
 * whose values do not all fit is kept in another form, so nothing is ever lost.
 */
export function toColumns<T extends object>(
  items: readonly T[],
  fields: ReadonlyArray<keyof T & string>,
  derived: Partial<Record<keyof T & string, readonly [keyof T & string, keyof T & string]>> = {},
): ColumnTable {
  // Row by row: the items of a sorted listing lie scattered in memory, and one pass over them
  // costs a third of one pass per field at 100,000 items.
  const values = fields.map(() => new Array<unknown>(items.length));
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    for (let j = 0; j < fields.length; j++) values[j][i] = item[fields[j]];
  }
  const columnOf = (field: string) => values[fields.indexOf(field as keyof T & string)];
  const columns = fields.map((field, j): Column => {
    const from = derived[field];
    const fromValues = from && from.every((f) => fields.includes(f)) ? from.map(columnOf) : undefined;
    return (
      (from && fromValues && derivedColumn(values[j], fromValues[0], fromValues[1], from)) ??
      (listColumn(values[j]) || scalarColumn(values[j]))
    );
  });
  return { count: items.length, fields, columns };
}

/** The derived form, if every value is `prefix + a + "/" + b` for one prefix. */
function derivedColumn(
  values: readonly unknown[],
  firsts: readonly unknown[],
  seconds: readonly unknown[],
  from: readonly [string, string],
): Column | undefined {
  let prefix: string | undefined;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const first = firsts[i];
    const second = seconds[i];
    if (typeof value !== "string" || typeof first !== "string" || typeof second !== "string")
      return undefined;
    const at = value.length - first.length - second.length - 1;
    prefix ??= at >= 0 ? value.slice(0, at) : undefined;
    if (
      at !== prefix?.length ||
      !value.endsWith(second) ||
      value.charCodeAt(at + first.length) !== 0x2f ||
      !value.startsWith(first, at) ||
      !value.startsWith(prefix)
    )
      return undefined;
  }
  return prefix === undefined ? undefined : { prefix, from: [from[0], from[1]] };
}

/** The list form, if every value is an array and their elements are few distinct strings. */
function listColumn(values: readonly unknown[]): Column | undefined {
  if (values.length === 0 || !values.every(Array.isArray)) return undefined;
  const lists = values as ReadonlyArray<readonly unknown[]>;
  if (tooVaried(sampleOf(lists).flat())) return { values };
  let elements = 0;
  for (const list of lists) elements += list.length;
  const dictionary = new Dictionary(Math.floor(elements / DICTIONARY_RATIO));
  const indexes = lists.map((list) => list.map((value) => dictionary.indexOf(value)));
  return dictionary.full ? { values } : { dictionary: dictionary.values, lists: indexes };
}

/** The constant, dictionary or plain form of a column of scalars. */
function scalarColumn(values: readonly unknown[]): Column {
  if (tooVaried(sampleOf(values))) return { values };
  const dictionary = new Dictionary(Math.floor(values.length / DICTIONARY_RATIO));
  const indexes = values.map((value) => dictionary.indexOf(value));
  if (dictionary.full) return { values };
  return dictionary.values.length === 1
    ? { constant: values[0] }
    : { dictionary: dictionary.values, indexes };
}

/** At most {@link SAMPLE} values, evenly spaced over the column. */
function sampleOf<T>(values: readonly T[]): T[] {
  const step = Math.max(1, values.length / SAMPLE);
  const sample: T[] = [];
  for (let at = 0; at < values.length; at += step) sample.push(values[Math.floor(at)]);
  return sample;
}

/** Whether more than half of a sample are distinct (or not strings and booleans). */
function tooVaried(sample: readonly unknown[]): boolean {
  const dictionary = new Dictionary(Math.floor(sample.length / 2));
  for (const value of sample) if (dictionary.indexOf(value) < 0) return true;
  return false;
}

/**
 * Distinct strings and booleans, each with its index, until there are more than `most` (then
 * `full`). Numbers and other values make it full at once: counts and sizes rarely repeat.
 */
class Dictionary {
  readonly values: unknown[] = [];
  full = false;
  private readonly index = new Map<unknown, number>();
  constructor(private readonly most: number) {}

  /** The value's index (-1 once full). */
  indexOf(value: unknown): number {
    if (this.full) return -1;
    let index = this.index.get(value);
    if (index === undefined) {
      if (typeof value !== "string" && typeof value !== "boolean") this.full = true;
      if (this.values.length >= Math.max(1, this.most)) this.full = true;
      if (this.full) return -1;
      index = this.values.push(value) - 1;
      this.index.set(value, index);
    }
    return index;
  }
}

/** Turns a {@link ColumnTable} back into objects; a malformed table is an error naming the field. */
export function fromColumns<T>(table: ColumnTable): T[] {
  const { count, fields, columns } = table ?? {};
  if (!Number.isSafeInteger(count) || count < 0 || !Array.isArray(fields) || !Array.isArray(columns))
    throw new Error("is not a table of columns");
  if (columns.length !== fields.length) throw new Error("has a column count unlike its field count");
  const byField = new Map(fields.map((field, i) => [field, columns[i]]));
  const decoded = new Map<string, readonly unknown[]>();
  const decode = (field: string, seen: readonly string[] = []): readonly unknown[] => {
    const done = decoded.get(field);
    if (done) return done;
    const column = byField.get(field);
    if (column === undefined || seen.includes(field)) throw new Error(`cannot derive field ${field}`);
    const values = decodeColumn(column, count, (f) => decode(f, [...seen, field]));
    if (!values) throw new Error(`has a malformed column ${field}`);
    decoded.set(field, values);
    return values;
  };
  const all = fields.map((field) => decode(field));
  const items: T[] = new Array<T>(count);
  for (let i = 0; i < count; i++) {
    const item: Record<string, unknown> = {};
    for (let j = 0; j < fields.length; j++) item[fields[j]] = all[j][i];
    items[i] = item as T;
  }
  return items;
}

/** One column's values, or `undefined` when the column is malformed. */
function decodeColumn(
  column: Column,
  count: number,
  field: (name: string) => readonly unknown[],
): readonly unknown[] | undefined {
  const sized = (values: unknown) =>
    Array.isArray(values) && values.length === count ? (values as readonly unknown[]) : undefined;
  if ("values" in column) return sized(column.values);
  if ("constant" in column) return new Array<unknown>(count).fill(column.constant);
  if ("prefix" in column) {
    const [a, b] = Array.isArray(column.from) ? column.from : [];
    if (typeof column.prefix !== "string" || typeof a !== "string" || typeof b !== "string") return undefined;
    const first = field(a);
    const second = field(b);
    // Joined, not concatenated: concatenation makes each path three linked pieces for the garbage
    // collector to move (and flatten on first use), joining makes it one string, as a listing's are.
    const { prefix } = column;
    return first.map((value, i) => [prefix, String(value), "/", String(second[i])].join(""));
  }
  const { dictionary } = column;
  if (!Array.isArray(dictionary)) return undefined;
  const lookup = (index: unknown) => {
    if (typeof index !== "number" || !(index >= 0 && index < dictionary.length)) throw new Error("bad index");
    return dictionary[index] as unknown;
  };
  try {
    if ("indexes" in column) return sized(column.indexes)?.map(lookup);
    if ("lists" in column)
      return sized(column.lists)?.map((list) => {
        if (!Array.isArray(list)) throw new Error("not a list");
        return list.map(lookup);
      });
  } catch {
    return undefined;
  }
  return undefined;
}

/** JSON of `value`, cut into chunks; never between the two halves of a surrogate pair. */
export function packJson(value: unknown): string[] {
  return cutIntoChunks(JSON.stringify(value));
}

/** Text cut into chunks of at most {@link CHUNK_CHARS}, never between the two halves of a surrogate pair. */
export function cutIntoChunks(text: string): string[] {
  if (text.length <= CHUNK_CHARS) return [text];
  const chunks: string[] = [];
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + CHUNK_CHARS);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

/** Reads what {@link packJson} wrote. */
export function unpackJson(chunks: readonly string[]): unknown {
  return JSON.parse(chunks.join(""));
}
