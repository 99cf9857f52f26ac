/**
 * The packed form of a {@link ColumnTable} on the plugin protocol, format {@link PACKED_TABLE_FORMAT}.
 *
 * Every step of an `Invoke` answer costs in proportion to its bytes and its values: the plugin's
 * `JSON.stringify`, its encoding, the transfer, google-protobuf's decoding in the program (a
 * JavaScript loop over every byte) and the program's `JSON.parse`. So the rows' table crosses by
 * column, each column as its own JSON, read on its own (no string of the whole answer is ever
 * built); a dictionary's indexes cross as one character each instead of a JSON number each; and a
 * column of strings none of which JSON escapes (names, timestamps) is read with one `split`
 * instead of `JSON.parse`.
 *
 * What crosses is a list of strings: first a line naming the format and how many chunks each part
 * has, then the chunks. Part 0 is the layout (JSON: the count, the field names and each column's
 * form, with dictionaries, constants and prefixes inline); each other part holds one column's data.
 * Each part is cut into chunks of at most `CHUNK_CHARS` characters, so no string is large
 * enough to trouble an encoder, and each column is read from its own chunks, never from one string
 * of the whole answer.
 */
import { Column, ColumnTable, cutIntoChunks, fromColumns, unpackJson } from "./columns";

/**
 * Names the form. A reader that does not know it says so instead of guessing; a reader from before
 * this form (which joined every chunk and parsed the whole as JSON) fails on this first line.
 */
export const PACKED_TABLE_FORMAT = "swr-columns/2";

/** Between two values of a text column's JSON, which holds no other quote. */
const TEXT_SEPARATOR = '","';
/** A dictionary index `i` crosses as the character `CODE_BASE + i`: one byte of UTF-8 up to 96 entries. */
const CODE_BASE = 0x20;
/** Most dictionary entries whose indexes cross as characters: below the surrogates, which UTF-8 cannot carry alone. */
const MOST_CODES = 0xd800 - CODE_BASE;

/**
 * One column as the layout describes it: a {@link Column} that needs no part (constant, derived,
 * dictionary of lists), or a number naming the part that holds its data.
 */
type PackedColumn =
  | Exclude<Column, { readonly values: readonly unknown[] } | { readonly indexes: readonly number[] }>
  /** Strings, as a JSON array in which nothing is escaped, so that the values lie between its quotes. */
  | { readonly text: number }
  /** Any values, as a JSON array. */
  | { readonly json: number }
  /** Few distinct values: each row's index into `dictionary` as one character. */
  | { readonly dictionary: readonly unknown[]; readonly codes: number };

/** What part 0 holds. */
interface Layout {
  readonly count: number;
  readonly fields: readonly string[];
  readonly columns: readonly PackedColumn[];
}

/**
 * Packs a table into chunks of form {@link PACKED_TABLE_FORMAT}.
 *
 * @example
 * const chunks = packTable(toColumns(repositories, REPOSITORY_FIELD_NAMES));
 */
export function packTable(table: ColumnTable): string[] {
  const parts = [""];
  const part = (data: string) => parts.push(data) - 1;
  const columns = table.columns.map((column) => packColumn(column, part));
  const layout: Layout = { count: table.count, fields: table.fields, columns };
  parts[0] = JSON.stringify(layout);
  const chunked = parts.map(cutIntoChunks);
  return [`${PACKED_TABLE_FORMAT} ${chunked.map((chunks) => chunks.length).join(",")}`, ...chunked.flat()];
}

function packColumn(column: Column, part: (data: string) => number): PackedColumn {
  if ("values" in column) {
    const { values } = column;
    const text = unescapedText(values);
    if (text !== undefined) return { text: part(text) };
    return { json: part(JSON.stringify(values)) };
  }
  if ("indexes" in column) {
    const { dictionary, indexes } = column;
    if (dictionary.length <= MOST_CODES) {
      // Written as UTF-16 and read as one string: 100,000 characters without 100,000 concatenations.
      const codes = Buffer.allocUnsafe(2 * indexes.length);
      for (let i = 0; i < indexes.length; i++) codes.writeUInt16LE(CODE_BASE + indexes[i], 2 * i);
      return { dictionary, codes: part(codes.toString("utf16le")) };
    }
    return { json: part(JSON.stringify(indexes.map((index) => dictionary[index]))) };
  }
  return column;
}

/**
 * The JSON of the values, if every one is a string that JSON does not escape: no quote, backslash,
 * control character or lone surrogate, so its length is exactly the values' and their quotes'.
 * `JSON.stringify` writes an array of strings in half the time of `join`.
 */
function unescapedText(values: readonly unknown[]): string | undefined {
  let chars = 0;
  for (const value of values) {
    if (typeof value !== "string") return undefined;
    chars += value.length;
  }
  const json = JSON.stringify(values);
  return values.length > 0 && json.length === chars + 3 * values.length + 1 ? json : undefined;
}

/** The values of {@link unescapedText}, or `undefined` when the text is not of that form. */
function textValues(text: string): string[] | undefined {
  if (!text.startsWith('["') || !text.endsWith('"]') || text.includes("\\")) return undefined;
  return text.slice(2, -2).split(TEXT_SEPARATOR);
}

/**
 * The rows of a packed table: of form {@link PACKED_TABLE_FORMAT}, or the JSON of a {@link ColumnTable}
 * cut into chunks (what plugins before this form sent). Anything malformed, or of a form this SDK
 * does not know, is an error saying what (naming the field where one is at fault), never other rows.
 */
export function unpackTable<T>(chunks: readonly string[]): T[] {
  const [line = "", ...data] = chunks;
  // The JSON of a table starts with its brace; every later form starts with a line naming it.
  if (line.startsWith("{")) return fromColumns<T>(unpackJson(chunks) as ColumnTable);
  const space = line.indexOf(" ");
  const format = space < 0 ? line : line.slice(0, space);
  if (format !== PACKED_TABLE_FORMAT)
    throw new Error(`is of form ${JSON.stringify(format.slice(0, 60))}, which this SDK does not read`);
  const parts = partsOf(line.slice(space + 1), data);
  let layout: Partial<Layout> | null;
  try {
    layout = JSON.parse(parts[0] ?? "") as Partial<Layout> | null;
  } catch {
    throw new Error("has a layout that is not JSON");
  }
  const { count, fields, columns } = layout ?? {};
  if (
    typeof count !== "number" ||
    !Number.isSafeInteger(count) ||
    count < 0 ||
    !Array.isArray(fields) ||
    !Array.isArray(columns) ||
    columns.length !== fields.length
  )
    throw new Error("is not a table of columns");
  const partOf = (index: unknown) => {
    const text = typeof index === "number" && index > 0 ? parts[index] : undefined;
    if (text === undefined) throw new Error("names a part it does not hold");
    return text;
  };
  const unpacked = columns.map((column: PackedColumn, i) => {
    const read = unpackColumn(column, partOf);
    if (!read) throw new Error(`has a malformed column ${String(fields[i])}`);
    return read;
  });
  return fromColumns<T>({ count, fields, columns: unpacked });
}

/** The parts, each its chunks joined, as the format line counts them. */
function partsOf(counts: string, data: readonly string[]): string[] {
  const sizes = counts.split(",").map(Number);
  if (!sizes.every((size) => Number.isSafeInteger(size) && size >= 0))
    throw new Error("has a format line without chunk counts");
  if (sizes.reduce((sum, size) => sum + size, 0) !== data.length)
    throw new Error(`has ${data.length} chunks where its format line counts another number`);
  let at = 0;
  return sizes.map((size) => data.slice(at, (at += size)).join(""));
}

/**
 * One column in the form {@link fromColumns} reads (which checks its length and indexes), or
 * `undefined` when it is malformed.
 */
function unpackColumn(column: PackedColumn, partOf: (index: unknown) => string): Column | undefined {
  if (column === null || typeof column !== "object" || "values" in column || "indexes" in column)
    return undefined;
  if ("text" in column) {
    const values = textValues(partOf(column.text));
    return values && { values };
  }
  if ("json" in column) {
    try {
      const values: unknown = JSON.parse(partOf(column.json));
      return Array.isArray(values) ? { values } : undefined;
    } catch (error) {
      if (error instanceof SyntaxError) return undefined;
      throw error;
    }
  }
  if ("codes" in column) {
    // Looked up here, into the values: no array of indexes in between.
    const { dictionary } = column;
    const codes = partOf(column.codes);
    if (!Array.isArray(dictionary)) return undefined;
    const values = new Array<unknown>(codes.length);
    for (let i = 0; i < codes.length; i++) {
      const index = codes.charCodeAt(i) - CODE_BASE;
      if (!(index >= 0 && index < dictionary.length)) return undefined;
      values[i] = dictionary[index];
    }
    return { values };
  }
  return column;
}
