import fc from "fast-check";
import { parseArrayInPieces, PIECE_BYTES } from "../../../sdk/client/http/arrayInPieces";
import { seedRepositories } from "../../../emulator";

/** What `JSON.parse` makes of `bytes` decoded as UTF-8. */
function parsedWhole(bytes: Buffer): unknown {
  return JSON.parse(bytes.toString("utf8"));
}

/** Text that is hard on the cuts: row breaks, quotes, escapes and nesting inside strings, non-ASCII. */
const awkwardText = fc
  .array(fc.constantFrom("},{", '"},{"', "\\", '\\"', "{", "}", ",", "[", "]", "é", "中", "x".repeat(700)), {
    maxLength: 40,
  })
  .map((parts) => parts.join(""));

describe("a JSON array parsed in pieces", () => {
  test("gives the same elements as the whole text, or leaves the body to be parsed whole", () => {
    let inPieces = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: awkwardText,
            nested: fc.array(fc.record({ tag: awkwardText }), { maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 120 },
        ),
        (rows) => {
          const bytes = Buffer.from(JSON.stringify(rows));
          const elements = parseArrayInPieces(bytes);
          if (elements === undefined) return;
          inPieces++;
          expect(elements).toEqual(parsedWhole(bytes));
        },
      ),
      { numRuns: 200 },
    );
    // The cuts are tried, not only refused: most of these bodies parse in pieces.
    expect(inPieces).toBeGreaterThan(100);
  });

  test("a page of 1,000 repositories, several pieces long, gives every row as the whole text does", () => {
    const bytes = Buffer.from(JSON.stringify(seedRepositories(1000, 7)));
    expect(bytes.length).toBeGreaterThan(4 * PIECE_BYTES);
    expect(parseArrayInPieces(bytes)).toEqual(parsedWhole(bytes));
  });

  test("a row break inside a string where a cut falls sends the body to be parsed whole", () => {
    const padding = "x".repeat(PIECE_BYTES);
    const rows = [{ name: `${padding}"},{"${padding}` }, { name: "b" }];
    const bytes = Buffer.from(JSON.stringify(rows));
    expect(parseArrayInPieces(bytes)).toBeUndefined();
    expect(parsedWhole(bytes)).toEqual(rows);
  });

  test("what is not an array of the expected shape is left to be parsed whole", () => {
    const long = JSON.stringify(
      Array.from({ length: 400 }, (_, i) => ({ name: `r${i}`, pad: "x".repeat(400) })),
    );
    for (const body of [
      "{}",
      "",
      " []",
      "[]\n",
      long.slice(0, -1),
      long.slice(0, PIECE_BYTES * 2) + "]",
      long.replace(/,\{/g, ",{,"),
    ])
      expect(parseArrayInPieces(Buffer.from(body))).toBeUndefined();
    expect(parseArrayInPieces(Buffer.from("[]"))).toEqual([]);
    expect(parseArrayInPieces(Buffer.from(long))).toEqual(JSON.parse(long));
  });
});
