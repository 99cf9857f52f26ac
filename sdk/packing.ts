/**
 * A compact way across the plugin protocol for large results. The protocol carries results as
 * protobuf `Struct`s, which the Node SDK's google-protobuf builds and reads one value at a time
 * (about 0.7 s per 1000 repositories on each side) and encodes each string through a JS array of
 * bytes, which crashes V8 past about 130 million bytes. So a large list crosses as JSON of a table
 * (field names once, then one array of values per item) cut into chunks of at most 1 Mi characters:
 * a few strings instead of millions of values, each small enough to encode.
 */

/** Most characters in one chunk. */
export const CHUNK_CHARS = 1 << 20;

/** A list of flat objects as a table: the field names once, then one row of values per object. */
export interface Table {
  readonly fields: readonly string[];
  readonly rows: ReadonlyArray<readonly unknown[]>;
}

/** Turns objects into a table over `fields`. */
export function toTable<T extends object>(
  items: readonly T[],
  fields: ReadonlyArray<keyof T & string>,
): Table {
  return { fields, rows: items.map((item) => fields.map((field) => item[field])) };
}

/** Turns a table back into objects. */
export function fromTable<T>(table: Table): T[] {
  return table.rows.map((row) => {
    const item: Record<string, unknown> = {};
    table.fields.forEach((field, i) => (item[field] = row[i]));
    return item as T;
  });
}

/** JSON of `value`, cut into chunks; never between the two halves of a surrogate pair. */
export function packJson(value: unknown): string[] {
  const json = JSON.stringify(value);
  const chunks: string[] = [];
  for (let start = 0; start < json.length;) {
    let end = Math.min(json.length, start + CHUNK_CHARS);
    const last = json.charCodeAt(end - 1);
    if (end < json.length && last >= 0xd800 && last <= 0xdbff) end--;
    chunks.push(json.slice(start, end));
    start = end;
  }
  return chunks;
}

/** Reads what {@link packJson} wrote. */
export function unpackJson(chunks: readonly string[]): unknown {
  return JSON.parse(chunks.join(""));
}
