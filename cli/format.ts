import { Repository } from "../sdk/client";

/** Output formats of `swr-repos list`. */
export const FORMATS = ["table", "json", "csv"] as const;
/** An output format. */
export type Format = (typeof FORMATS)[number];

const CSV_COLUMNS: ReadonlyArray<keyof Repository> = [
  "namespace",
  "name",
  "category",
  "description",
  "size",
  "isPublic",
  "numImages",
  "numDownload",
  "createdAt",
  "updatedAt",
  "path",
  "internalPath",
  "domainName",
  "tags",
  "status",
  "url",
  "logo",
];

function csvCell(value: unknown): string {
  const text = Array.isArray(value) ? value.join(" ") : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Human-readable byte size (binary units), e.g. `4.0 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A header and rows in columns padded to their widest cell, two spaces apart; ends with a newline. */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  return (
    [header, ...rows]
      .map((row) =>
        row
          .map((cell, i) => cell.padEnd(widths[i]))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
}

/** Renders repositories in a format; the result ends with a newline unless empty. */
export function formatRepositories(repositories: readonly Repository[], format: Format): string {
  switch (format) {
    case "json":
      return JSON.stringify(repositories, null, 2) + "\n";
    case "csv":
      return (
        [
          CSV_COLUMNS.join(","),
          ...repositories.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(",")),
        ].join("\n") + "\n"
      );
    case "table": {
      const header = ["NAMESPACE", "NAME", "CATEGORY", "PUBLIC", "TAGS", "SIZE", "UPDATED"];
      const rows = repositories.map((r) => [
        r.namespace,
        r.name,
        r.category,
        r.isPublic ? "yes" : "no",
        String(r.tags.length),
        formatBytes(r.size),
        r.updatedAt,
      ]);
      return renderTable(header, rows);
    }
  }
}
