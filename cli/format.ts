import { Repository } from "../sdk/client";
import { renderCsv, renderJson, renderTable } from "./render";

/** Output formats of `swr-repos list`. */
export const FORMATS = ["table", "json", "csv"] as const;
/** An output format. */
export type Format = (typeof FORMATS)[number];

const CSV_COLUMNS: ReadonlyArray<keyof Repository & string> = [
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

/**
 * Renders repositories in a format; the result ends with a newline unless empty. Server text is made
 * safe to print by the renderers (see `render.ts`); JSON stays exact.
 */
export function formatRepositories(repositories: readonly Repository[], format: Format): string {
  switch (format) {
    case "json":
      return renderJson(repositories);
    case "csv":
      return renderCsv(CSV_COLUMNS, repositories);
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
