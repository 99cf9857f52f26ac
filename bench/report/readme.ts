import type { Baseline, Results } from "../results";
import { thousands } from "../lib/util";
import { cellOf, ratio, result, targetRows } from "./targets";

/** The README's performance figures sit between these two lines; `npm run bench` rewrites what is between. */
export const README_START =
  "<!-- bench:start: written by `npm run bench` from bench/results.json; edit bench/report/readme.ts -->";
export const README_END = "<!-- bench:end -->";

/** The matrix cells the README shows, and the contenders in its columns. */
const README_CELLS = [
  { n: 10_000, latencyMs: 25 },
  { n: 100_000, latencyMs: 0 },
  { n: 100_000, latencyMs: 25 },
] as const;
const README_COLUMNS = [
  ["library", "pulumi-swr library"],
  ["plugin", "plugin Invoke (what a stack pays)"],
  ["cli", "`swr-repos list` (whole process)"],
  ["official", "official Huawei SDK"],
  ["fetch", "fetch loop"],
] as const;

const ms = (value: number) => `${thousands(Math.round(value))} ms`;
const day = (date: string) => date.slice(0, 10);

/**
 * The README's performance figures, from the results of the latest run of each section: the targets
 * (as `bench/RESULTS.md` opens), the listing by size and latency, the tie-reordering server, the
 * start-ups, `pulumi preview`, throttling and compression. Only figures come from here; what each
 * section measures and why is prose in the README around it and in `bench/NOTES.md`.
 */
export function readmePerformance(results: Results, baseline: Baseline): string[] {
  const s = results.sections;
  const lines: string[] = [];
  const dates = Object.values(s).map((section) => day(section.date));
  const first = dates.reduce((a, b) => (b < a ? b : a), dates[0] ?? "");
  const last = dates.reduce((a, b) => (b > a ? b : a), dates[0] ?? "");
  lines.push(
    `From \`npm run bench\` on this project's 2-core machine (${first === last ? first : `${first} to ${last}`};` +
      " each section's own date and command are in `bench/RESULTS.md`). The targets of the performance work:",
    "",
    "| target | figure | met |",
    "| --- | --- | --- |",
    ...targetRows(results, baseline).map((row) => {
      const profile = results.profiles[row.profile ?? row.id];
      const met = row.met === undefined ? "—" : row.met ? "yes" : "no";
      const link = row.met === false && profile ? ` ([profile](bench/${profile.file}))` : "";
      return `| ${row.target} | ${row.figure} | ${met}${link} |`;
    }),
  );

  if (s.matrix) {
    const m = s.matrix.data;
    lines.push(
      "",
      `Medians of ${m.runs} runs (${day(s.matrix.date)}; our client with compression on and its default concurrency):`,
      "",
      `| N | latency | ${README_COLUMNS.map(([, label]) => label).join(" | ")} |`,
      `| ---: | ---: | ${README_COLUMNS.map(() => "---:").join(" | ")} |`,
    );
    for (const { n, latencyMs } of README_CELLS) {
      const c = cellOf(m.cells, n, latencyMs, false);
      if (!c) continue;
      const figures = README_COLUMNS.map(([id]) => {
        const r = result(c, id);
        return r ? ms(r.ms.median) : "—";
      });
      lines.push(`| ${thousands(n)} | ${latencyMs} ms | ${figures.join(" | ")} |`);
    }
  }

  const sentences: string[] = [];
  if (s.ties) {
    const parts = s.ties.data.cells
      .filter((c) => c.unstableTies)
      .flatMap((c) => {
        const [cli, official] = [result(c, "cli"), result(c, "official")];
        if (!cli || !official) return [];
        return [
          `${ratio(cli.processMs.median, official.processMs.median)} at ${thousands(c.n)} repositories ` +
            `(${ms(cli.processMs.median)} against ${ms(official.processMs.median)}; the official SDK exact in ` +
            `${official.complete} of ${official.runs} runs, ours in ${cli.complete} of ${cli.runs})`,
        ];
      });
    const latency = s.ties.data.cells[0]?.latencyMs;
    if (parts.length > 0)
      sentences.push(
        `Against a server that reorders tie groups on every request, at ${latency} ms a request, \`swr-repos list\` ` +
          `takes ${parts.join(" and ")} of the official SDK's time, whole processes.`,
      );
  }
  if (s.preview) {
    const p = s.preview.data;
    sentences.push(
      `\`pulumi preview\` of \`examples/image-paths\` (one organization of ${thousands(p.orgRepos)} repositories, ` +
        `${p.latencyMs} ms) takes ${ms(p.ours.median)} against ${ms(p.official.median)} for the same program ` +
        `calling the official SDK (${p.ratio.toFixed(2)}×).`,
    );
  }
  if (s.pluginStart) {
    const p = s.pluginStart.data;
    sentences.push(
      `The plugin prints its port ${ms(p.plugin.median)} after it is started (a bare Node gRPC server: ` +
        `${ms(p.bare.median)})` +
        (p.firstAnswer ? ` and answers its first call at ${ms(p.firstAnswer.median)}.` : "."),
    );
  }
  if (s.cliStart) {
    const c = s.cliStart.data;
    sentences.push(
      `\`swr-repos --help\` takes ${ratio(c.help.median, c.bare.median)} the time of \`node -e 0\` and a ` +
        `mistyped flag ${ratio(c.badFlag.median, c.bare.median)}.`,
    );
  }
  if (s.throttling) {
    const t = s.throttling.data;
    sentences.push(
      `Against a server that allows 4 concurrent requests (${thousands(t.n)} repositories, ${t.latencyMs} ms), ` +
        `the client at its defaults adapts to the 429s (${Math.round(t.throttled.median)} a listing) and ` +
        `finishes in ${ratio(t.at16.median, t.at4.median)} the time of a client configured for 4, every listing complete.`,
    );
  }
  if (sentences.length > 0) lines.push("", ...sentences.map((sentence) => `- ${sentence}`));

  if (s.compression) {
    const c = s.compression.data;
    const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
    lines.push(
      "",
      `Our client listing ${thousands(c.n)} repositories with and without compression (${day(s.compression.date)}), ` +
        "bytes on the wire counted by a TCP relay:",
      "",
      "| latency | compression | wire MiB | wall ms (median) |",
      "| ---: | --- | ---: | ---: |",
      ...c.rows.flatMap((row) => [
        `| ${row.latencyMs} ms | off | ${mib(row.plain.wireBytes.median)} | ${thousands(Math.round(row.plain.ms.median))} |`,
        `| ${row.latencyMs} ms | gzip | ${mib(row.gzip.wireBytes.median)} | ${thousands(Math.round(row.gzip.ms.median))} |`,
      ]),
    );
  }
  return lines;
}

/** `readme` with the text between {@link README_START} and {@link README_END} replaced by `figures`. */
export function withPerformance(readme: string, figures: readonly string[]): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start)
    throw new Error(
      `README.md lacks the lines ${README_START} … ${README_END} around its performance figures`,
    );
  return (
    readme.slice(0, start + README_START.length) + "\n\n" + figures.join("\n") + "\n\n" + readme.slice(end)
  );
}
