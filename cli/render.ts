import { escapeControls } from "../sdk/client";

/**
 * How every command renders cells and documents. Repository and tag fields are the server's text, so
 * each renderer makes them safe for a terminal and for a spreadsheet here, in one place.
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
export function csvCell(value: unknown): string {
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
