import { escapeControls, ImageTag, Repository } from "../sdk/client";
import { IMAGE_TAG_FIELD_NAMES } from "../sdk/client/model/imageTag";
import { REPOSITORY_FIELD_NAMES } from "../sdk/client/model/repository";

/**
 * How every command renders cells and documents: tables, CSV, JSON, sizes, and the layout of
 * repositories and tags in each. Repository and tag fields are the server's text, so each renderer
 * makes them safe for a terminal and for a spreadsheet here, in one place.
 */

/** Output formats of `swr-repos list` and `swr-repos tags`. */
export const FORMATS = ["table", "json", "csv"] as const;
/** An output format. */
export type Format = (typeof FORMATS)[number];

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

/** CSV of `rows` in `columns` (the header line names them); ends with a newline. */
export function renderCsv<T extends object>(
  columns: ReadonlyArray<keyof T & string>,
  rows: readonly T[],
): string {
  return (
    [columns.join(","), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(","))].join("\n") + "\n"
  );
}

/**
 * A header and rows in columns padded to their widest cell, two spaces apart; ends with a newline.
 * Cells have their control characters escaped, so none can move the cursor or break a row.
 */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const cells = rows.map((row) => row.map(escapeControls));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  return (
    [header, ...cells]
      .map((row) =>
        row
          .map((cell, i) => cell.padEnd(widths[i]))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
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
  return (
    JSON.stringify(value, null, 2).replace(
      JSON_UNSAFE,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    ) + "\n"
  );
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

/** Renders rows in a format, laid out as `layout` says; the result ends with a newline. */
function renderRows<T extends object>(rows: readonly T[], format: Format, layout: RowLayout<T>): string {
  switch (format) {
    case "json":
      return renderJson(rows);
    case "csv":
      return renderCsv(layout.csvColumns, rows);
    case "table":
      return renderTable(layout.tableHeader, rows.map(layout.tableRow));
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

/** Renders repositories in a format (`list`); the result ends with a newline. */
export function renderRepositories(repositories: readonly Repository[], format: Format): string {
  return renderRows(repositories, format, REPOSITORY_LAYOUT);
}

/** Renders tags in a format (`tags`); the result ends with a newline. */
export function renderTags(tags: readonly ImageTag[], format: Format): string {
  return renderRows(tags, format, TAG_LAYOUT);
}
