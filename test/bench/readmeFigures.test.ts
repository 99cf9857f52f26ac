import { readFileSync } from "node:fs";
import * as path from "node:path";
import { README_END, README_START, readmePerformance } from "../../bench/report/readme";
import type { Baseline, Results } from "../../bench/results";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** A Markdown block as a reader sees it: prettier's table padding and line breaks left out. */
function asRead(block: string): string[] {
  return block
    .split("\n")
    .map((line) =>
      line
        .trim()
        .replace(/\s+/g, " ")
        .replace(/\| :?-+:? /g, "| --- ")
        .replace(/ \|/g, "|"),
    )
    .filter((line) => line !== "");
}

/**
 * The README's performance figures are the committed benchmark results, as `npm run bench` writes
 * them, not numbers typed by hand: a figure changed in either place alone fails here.
 */
test("the README's performance figures are those of bench/results.json", () => {
  const readme = read("README.md");
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const results = JSON.parse(read("bench/results.json")) as Results;
  const baseline = JSON.parse(read("bench/baseline.json")) as Baseline;
  const written = asRead(readme.slice(start + README_START.length, end));
  const generated = asRead(readmePerformance(results, baseline).join("\n"));
  expect(written).toEqual(generated);
  // Not vacuous: the block holds the targets and the listing's figures.
  expect(written.some((line) => line.startsWith("| plugin `Invoke` against the library"))).toBe(true);
  expect(written.length).toBeGreaterThan(15);
});
