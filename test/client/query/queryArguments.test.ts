import { readFileSync } from "node:fs";
import * as path from "node:path";
import { QUERY_FLAGS } from "../../../cli/flags";
import { queryFromFlags } from "../../../cli/repositoryQueryFlags";
import { getRepositories } from "../../../provider/functions/getRepositories";
import { SwrInputError, validateQuery } from "../../../sdk/client";
import {
  QUERY_ARGUMENT_NAMES,
  REPOSITORY_QUERY_ARGUMENTS,
  SELECTION_ARGUMENT_NAMES,
} from "../../../sdk/client/query/repositoryArguments";
import { ROOT } from "../../support/fixtures";

/** The table of query arguments as the README shows it. */
function readmeRows(): string[] {
  return QUERY_ARGUMENT_NAMES.map((name) => {
    const { flag, description } = REPOSITORY_QUERY_ARGUMENTS[name];
    return `| \`${name}\` | \`--${flag.name}\` | ${description.replace(/\|/g, "\\|")} |`;
  });
}

const cells = (line: string) => line.split(/(?<!\\)\|/).map((cell) => cell.trim());

describe("one table of query arguments", () => {
  test("the README's query table lists exactly the table's arguments, flags and meanings", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const block = /<!-- query-arguments:start -->\n([\s\S]*?)<!-- query-arguments:end -->/.exec(readme);
    expect(block).not.toBeNull();
    const rows = (block?.[1] ?? "").trim().split("\n").slice(2);
    // Compared cell by cell, so that prettier's column padding does not matter.
    expect(rows.map(cells)).toEqual(readmeRows().map(cells));
  });

  test("every argument has a CLI flag, and the flags are exactly the table's", () => {
    expect(Object.keys(QUERY_FLAGS).sort()).toEqual(
      QUERY_ARGUMENT_NAMES.map((name) => REPOSITORY_QUERY_ARGUMENTS[name].flag.name).sort(),
    );
  });

  test("the plugin's getRepositories takes every argument, described as the table describes it", () => {
    const inputs = getRepositories.spec.inputs.properties;
    for (const name of QUERY_ARGUMENT_NAMES)
      expect(inputs[name]?.description).toBe(REPOSITORY_QUERY_ARGUMENTS[name].description);
  });

  test("an inventory takes every argument but the page ones", () => {
    expect([...SELECTION_ARGUMENT_NAMES].sort()).toEqual(
      QUERY_ARGUMENT_NAMES.filter((name) => name !== "limit" && name !== "offset").sort(),
    );
  });

  test("validation refuses what is not in the table, naming it", () => {
    expect(() => validateQuery({ namespaces: "a" })).toThrow(/unknown key\(s\) namespaces/);
  });

  test("a flag's broken rule names the flag the table gives", () => {
    let error: unknown;
    try {
      queryFromFlags({ "order-column": "size", "order-type": "up", category: "x" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SwrInputError);
    expect((error as SwrInputError).issues.map((i) => i.field).sort()).toEqual([
      "--category",
      "--order-column",
      "--order-type",
    ]);
  });
});
