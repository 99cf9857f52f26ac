import fc from "fast-check";
import { readRepository } from "../../../sdk/client/model/repository";
import { repositoryWithTags } from "../../support/fixtures";

const row = (tags: string[]) => repositoryWithTags("ns", "app", tags);

describe("a repository's tags are read sorted by UTF-16 code unit, whatever order they came in", () => {
  test("short and long lists, repeated tags, any characters", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.string({ unit: "binary", maxLength: 6 }), { maxLength: 40 }),
          fc.array(fc.constantFrom("latest", "v1", "v10", "v2", "1.0", "1.0.1", "Z", "a", "é", "中"), {
            maxLength: 80,
          }),
        ),
        (tags) => {
          // Default `sort` compares by code unit: the expectation, written without the client's comparator.
          const expected = [...tags].sort();
          expect(readRepository(row([...tags]))?.tags).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test("sorted, reversed and nearly sorted lists", () => {
    const sorted = Array.from({ length: 50 }, (_, i) => `t${String(i).padStart(3, "0")}`);
    for (const length of [0, 1, 2, 8, 32, 33, 50]) {
      const some = sorted.slice(0, length);
      expect(readRepository(row([...some]))?.tags).toEqual(some);
      expect(readRepository(row([...some].reverse()))?.tags).toEqual(some);
      const swapped = [...some];
      if (length > 3) [swapped[1], swapped[length - 2]] = [swapped[length - 2], swapped[1]];
      expect(readRepository(row(swapped))?.tags).toEqual(some);
    }
  });
});
