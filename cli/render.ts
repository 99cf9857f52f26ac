import { IMAGE_TAG_FIELD_NAMES, ImageTag } from "../sdk/client/model/imageTag";
import { Repository, REPOSITORY_FIELD_NAMES } from "../sdk/client/model/repository";
import { escapeControls } from "../sdk/client/untrustedText";
import type { Writable } from "node:stream";
import type { Format } from "./formats";

/**
 * How every command renders cells and documents: tables, CSV, JSON, sizes, and the layout of
 * repositories and tags in each. Repository and tag fields are the server's text, so each renderer
 * makes them safe for a terminal and for a spreadsheet here, in one place.
 */

/**
 * Starts that make a spreadsheet read a CSV cell as a formula (`=HYPERLINK(…)`, `+cmd|…`, `-2+3`,
 * `@SUM(…)`), or that hide such a start behind a tab or a CR.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell. The rule (OWASP's against CSV injection): a cell starting with `=`, `+`, `-`, `@`, a
 * tab or a CR gets a leading `'`, which spreadsheets show as text and do not evaluate. Then control
 * characters are escaped (`\n`, `\x1b`), so a record is always one line, and a cell holding `"` or `,`
 * is quoted with `"` doubled (RFC 4180). Arrays are joined by spaces.
 */
function csvCell(value: unknown): string {
  const raw = Array.isArray(value) ? value.join(" ") : String(value);
  const text = (FORMULA_START.test(raw) ? "'" : "") + escapeControls(raw);
  return /[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows per chunk of a streamed document. Each chunk's text, and its UTF-8, stays small enough to be
 * one of V8's and malloc's ordinary allocations (a row is about 700 bytes of indented JSON, twice
 * that in memory when the page holds a character beyond Latin-1: 50 rows come to 35–70 KiB, under
 * V8's 128 KiB). A larger chunk is mapped and unmapped on its own, and every one of its pages
 * faults in anew: at 1,000 rows a chunk, rendering 100,000 repositories took 1.8 times the CPU.
 */
export const ROWS_PER_CHUNK = 50;

/** `rows` in slices of {@link ROWS_PER_CHUNK}. */
function* slices<T>(rows: readonly T[]): Generator<readonly T[]> {
  for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) yield rows.slice(i, i + ROWS_PER_CHUNK);
}

/** CSV of `rows` in `columns` (the header line names them), in chunks; ends with a newline. */
function* csvChunks<T extends object>(
  columns: ReadonlyArray<keyof T & string>,
  rows: readonly T[],
): Generator<string> {
  yield columns.join(",") + "\n";
  for (const slice of slices(rows))
    yield slice.map((row) => columns.map((c) => csvCell(row[c])).join(",") + "\n").join("");
}

/**
 * A header and rows in columns padded to their widest cell, two spaces apart, in chunks; ends with
 * a newline. Cells have their control characters escaped, so none can move the cursor or break a row.
 */
function* tableChunks(header: readonly string[], rows: ReadonlyArray<readonly string[]>): Generator<string> {
  const cells = rows.map((row) => row.map(escapeControls));
  const widths = header.map((h, i) => cells.reduce((width, row) => Math.max(width, row[i].length), h.length));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join("  ")
      .trimEnd() + "\n";
  yield line(header);
  for (const slice of slices(cells)) yield slice.map(line).join("");
}

/**
 * Characters `JSON.stringify` leaves raw that a terminal may act on: C1 controls, the line and
 * paragraph separators, bidi controls. (It escapes C0 controls itself.)
 */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `value` as indented JSON ending with a newline. Exact: parsing it gives back every string as the
 * server sent it. Safe to print: the characters above are written as `\uXXXX` escapes, which JSON
 * reads as the same characters.
 */
export function renderJson(value: unknown): string {
  return safeJson(value) + "\n";
}

/** `value` as indented JSON with the characters above escaped. */
function safeJson(value: unknown): string {
  return escapeUnsafe(JSON.stringify(value, null, 2));
}

/** `json` with the characters above written as `\uXXXX` escapes. */
function escapeUnsafe(json: string): string {
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * The bytes that start each character above in UTF-8: U+007F itself, C2 (U+0080–U+009F), D8
 * (U+061C), E2 (the separators and bidi controls, U+2000–U+2FFF). Text whose UTF-8 holds none of
 * them has none of those characters, which `includes` (memchr) tells faster than the expression.
 */
const UNSAFE_LEAD_BYTES = [0x7f, 0xc2, 0xd8, 0xe2];

/** `value` as indented JSON in UTF-8, with the characters above escaped. */
function safeJsonBytes(value: unknown): Buffer {
  const json = JSON.stringify(value, null, 2);
  const bytes = Buffer.from(json, "utf8");
  return UNSAFE_LEAD_BYTES.some((lead) => bytes.includes(lead))
    ? Buffer.from(escapeUnsafe(json), "utf8")
    : bytes;
}

/**
 * The array `rows` as {@link renderJson} renders it, as UTF-8 in chunks of {@link ROWS_PER_CHUNK}
 * rows: the same text, never held whole. An indented array of a slice is `[\n` + its rows + `\n]`,
 * and its rows are indented as in the whole array. So the first chunk is its slice's array without
 * the closing `\n]`, and every later one the same with `,\n` for the opening `[\n`: one byte
 * changed in the encoded bytes (ASCII, a byte each), not the text cut and joined, which would cost
 * a copy of each chunk before it is encoded.
 */
function* jsonArrayChunks(rows: readonly unknown[]): Generator<string | Buffer> {
  if (rows.length === 0) {
    yield "[]\n";
    return;
  }
  let first = true;
  for (const slice of slices(rows)) {
    const array = safeJsonBytes(slice);
    if (!first) array[0] = COMMA;
    first = false;
    yield array.subarray(0, array.length - 2);
  }
  yield "\n]\n";
}

const COMMA = ",".charCodeAt(0);

/**
 * Writes `chunks` to `out` as fast as it reads them: each waits until `out` has taken the last
 * (its 'drain'), so memory holds one chunk, not the document. Stops when `out` is gone (the reader
 * went away, `swr-repos list | head`): what is left has nowhere to go; and when `signal` fires
 * (Ctrl-C while a pager that stopped reading holds the output back), so the command can end.
 */
export async function writeChunks(
  out: NodeJS.WritableStream,
  chunks: Iterable<string | Uint8Array>,
  signal?: AbortSignal,
): Promise<void> {
  for (const chunk of chunks) {
    if (isGone(out) || signal?.aborted) return;
    if (!out.write(chunk)) await drained(out, signal);
  }
}

/** Whether `out` can take no more (destroyed after an error such as EPIPE, or ended). */
function isGone(out: NodeJS.WritableStream): boolean {
  const stream = out as Partial<Writable>;
  return stream.destroyed === true || stream.writableEnded === true;
}

/** Resolves when `out` has drained its buffer, or is gone, or `signal` fires. */
function drained(out: NodeJS.WritableStream, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const events = ["drain", "close", "error"] as const;
    const done = () => {
      for (const event of events) out.off(event, done);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    for (const event of events) out.on(event, done);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Human-readable byte size (binary units), e.g. `4.0 GiB`. */
export function renderSize(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** How one kind of row is printed: its CSV columns, and its table's header and cells. */
interface RowLayout<T extends object> {
  readonly csvColumns: ReadonlyArray<keyof T & string>;
  readonly tableHeader: readonly string[];
  readonly tableRow: (row: T) => readonly string[];
}

/** Renders rows in a format, laid out as `layout` says, in chunks; the last ends with a newline. */
function renderRows<T extends object>(
  rows: readonly T[],
  format: Format,
  layout: RowLayout<T>,
): Iterable<string | Buffer> {
  switch (format) {
    case "json":
      return jsonArrayChunks(rows);
    case "csv":
      return csvChunks(layout.csvColumns, rows);
    case "table":
      return tableChunks(layout.tableHeader, rows.map(layout.tableRow));
  }
}

/** Repositories: every field in CSV, in the field table's order; a summary a line in the table. */
const REPOSITORY_LAYOUT: RowLayout<Repository> = {
  csvColumns: REPOSITORY_FIELD_NAMES,
  tableHeader: ["NAMESPACE", "NAME", "CATEGORY", "PUBLIC", "TAGS", "SIZE", "UPDATED"],
  tableRow: (r) => [
    r.namespace,
    r.name,
    r.category,
    r.isPublic ? "yes" : "no",
    String(r.tags.length),
    renderSize(r.size),
    r.updatedAt,
  ],
};

/** Tags: every field in CSV, in the field table's order; in the table the digest shortened. */
const TAG_LAYOUT: RowLayout<ImageTag> = {
  csvColumns: IMAGE_TAG_FIELD_NAMES,
  tableHeader: ["TAG", "DIGEST", "TYPE", "SIZE", "UPDATED"],
  // sha256: and 12 hex digits, as `docker images` shortens ids; --format json has the full digest.
  tableRow: (t) => [
    t.tag,
    t.digest.slice(0, t.digest.indexOf(":") + 13),
    t.manifestType,
    renderSize(t.size),
    t.updated,
  ],
};

/** Renders repositories in a format (`list`), in chunks (text, or its UTF-8) for {@link writeChunks}. */
export function renderRepositories(
  repositories: readonly Repository[],
  format: Format,
): Iterable<string | Buffer> {
  return renderRows(repositories, format, REPOSITORY_LAYOUT);
}

/** Renders tags in a format (`tags`), in chunks (text, or its UTF-8) for {@link writeChunks}. */
export function renderTags(tags: readonly ImageTag[], format: Format): Iterable<string | Buffer> {
  return renderRows(tags, format, TAG_LAYOUT);
}
