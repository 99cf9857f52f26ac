import { escapeControls } from "../client/untrustedText";
import type { DriftReport, FieldChange, RepositoryRef } from "./report";

/**
 * An inline code span that survives any text: the fence outgrows the longest backtick run inside.
 * The text is the server's: a line break becomes a space (a code span is one line), and any other
 * control or bidi character is escaped (`\x1b`), so neither a terminal showing the report nor a
 * Markdown viewer acts on it.
 */
function code(value: string): string {
  const text = escapeControls(value.replace(/\r?\n|\r/g, " "));
  if (text === "") return "(empty)";
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A table cell: GitHub splits cells on `|` even inside code spans unless it is escaped. */
const cell = (value: string): string => value.replace(/\|/g, "\\|");

/** Digits grouped by thousands, the same in every locale. */
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

const repoName = (r: { namespace: string; name: string }): string => code(`${r.namespace}/${r.name}`);
const visibility = (isPublic: boolean): string => (isPublic ? "public" : "private");

function refTable(refs: readonly RepositoryRef[]): string[] {
  return [
    "| Repository | Visibility |",
    "| --- | --- |",
    ...refs.map((r) => `| ${cell(repoName(r))} | ${visibility(r.isPublic)} |`),
  ];
}

function describe(change: FieldChange): string {
  switch (change.field) {
    case "isPublic":
      return `- visibility: ${visibility(change.before)} → **${visibility(change.after)}**`;
    case "category":
    case "description":
      return `- ${change.field}: ${code(change.before)} → ${code(change.after)}`;
    case "size": {
      const delta = change.after - change.before;
      return `- size: ${grouped(change.before)} → ${grouped(change.after)} bytes (${delta > 0 ? "+" : "−"}${grouped(Math.abs(delta))})`;
    }
    case "tags": {
      const parts = [
        change.added.length > 0 ? `added ${change.added.map(code).join(", ")}` : "",
        change.removed.length > 0 ? `removed ${change.removed.map(code).join(", ")}` : "",
      ];
      return `- tags: ${parts.filter(Boolean).join("; ")}`;
    }
  }
}

/**
 * Renders a drift report as GitHub-flavoured Markdown: a summary heading, then tables of added and
 * removed repositories and one section per changed repository. Deterministic: the same report
 * gives the same text. Ends with a newline.
 *
 * @example
 * fs.writeFileSync("drift.md", renderDriftMarkdown(compareListings(baseline, current)));
 */
export function renderDriftMarkdown(report: DriftReport): string {
  const { added, removed, changed, unchanged } = report;
  if (added.length + removed.length + changed.length === 0)
    return `# SWR drift: none\n\n${grouped(unchanged)} repositories, all unchanged.\n`;
  const lines = [
    `# SWR drift: ${added.length} added, ${removed.length} removed, ${changed.length} changed ` +
      `(${grouped(unchanged)} unchanged)`,
  ];
  if (added.length > 0) lines.push("", "## Added", "", ...refTable(added));
  if (removed.length > 0) lines.push("", "## Removed", "", ...refTable(removed));
  if (changed.length > 0) {
    lines.push("", "## Changed");
    for (const repo of changed) lines.push("", `### ${repoName(repo)}`, "", ...repo.changes.map(describe));
  }
  return lines.join("\n") + "\n";
}
