import fc from "fast-check";
import { jsonText } from "../../../sdk/client/http/jsonText";
import { parseRepositoryPage } from "../../../sdk/client/operations/repositories";
import { SwrNetworkError, SwrResponseError } from "../../../sdk/client";
import { repositoryWithTags } from "../../support/fixtures";

/** What `JSON.parse` makes of `bytes` decoded as UTF-8: its value, or that it failed. */
function parsedAsUtf8(bytes: Uint8Array): { value?: unknown; fails?: true } {
  try {
    return { value: JSON.parse(Buffer.from(bytes).toString("utf8")) };
  } catch {
    return { fails: true };
  }
}

/** The same of {@link jsonText}'s text (its `undefined` means: decode as UTF-8 instead). */
function parsedFromJsonText(bytes: Uint8Array): { value?: unknown; fails?: true } {
  const text = jsonText(bytes);
  if (text === undefined) return parsedAsUtf8(bytes);
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { fails: true };
  }
}

/** Bytes that are hard on a decoder: ASCII JSON syntax, backslashes, and every kind of UTF-8, valid or not. */
const awkwardByte = fc.oneof(
  fc.constantFrom(...'"\\{}[],:u0aé \n'.split("").map((c) => Buffer.from(c)[0])),
  fc.integer({ min: 0x80, max: 0xff }),
  fc.integer({ min: 0, max: 0xff }),
);
const awkwardBytes = fc.array(awkwardByte, { maxLength: 40 });

describe("a JSON body read from its bytes parses exactly as its UTF-8 text does", () => {
  test("JSON of any strings, whatever their characters (surrogates, controls, separators)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary", maxLength: 20 }), { maxLength: 12 }), (strings) => {
        const bytes = Buffer.from(
          JSON.stringify({ strings, map: Object.fromEntries(strings.map((s) => [s, s])) }),
        );
        expect(parsedFromJsonText(bytes)).toEqual(parsedAsUtf8(bytes));
      }),
      { numRuns: 500 },
    );
  });

  test("any bytes inside and around a JSON string: invalid UTF-8, escapes, backslashes before non-ASCII", () => {
    fc.assert(
      fc.property(awkwardBytes, awkwardBytes, awkwardBytes, (before, inside, after) => {
        const bytes = Buffer.from([...before, 0x22, ...inside, 0x22, ...after]);
        const wrapped = Buffer.from([0x5b, 0x22, ...inside, 0x22, 0x5d]);
        expect(parsedFromJsonText(bytes)).toEqual(parsedAsUtf8(bytes));
        expect(parsedFromJsonText(wrapped)).toEqual(parsedAsUtf8(wrapped));
      }),
      { numRuns: 3000 },
    );
  });

  test("long bodies, where non-ASCII runs cross the blocks it skips", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat({ max: 1500 }), fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 })),
          {
            maxLength: 20,
          },
        ),
        (pieces) => {
          const strings = pieces.map(([pad, text]) => "x".repeat(pad) + text);
          const bytes = Buffer.from(JSON.stringify(strings));
          expect(parsedFromJsonText(bytes)).toEqual(parsedAsUtf8(bytes));
        },
      ),
      { numRuns: 300 },
    );
  });

  test("a backslash escaping a non-ASCII character is refused, as the text would be", () => {
    expect(jsonText(Buffer.from('["\\é"]'))).toBeUndefined();
    expect(jsonText(Buffer.from('["\\\\é"]'))).toBe('["\\\\\\u00e9"]');
    expect(jsonText(Buffer.from('["中"]'))).toBe('["\\u4e2d"]');
    expect(jsonText(Buffer.from("[1]"))).toBe("[1]");
  });
});

describe("a page read from bytes fails as its text would", () => {
  const row = { ...repositoryWithTags("ns", "名前", ["b", "a"]), description: "描述" };

  test("the same rows from bytes as from text, non-ASCII names included", () => {
    const text = JSON.stringify([row]);
    expect(parseRepositoryPage(Buffer.from(text), undefined, "r")).toEqual(
      parseRepositoryPage(text, undefined, "r"),
    );
    expect(parseRepositoryPage(Buffer.from(text), undefined, "r").rows[0].name).toBe("名前");
  });

  test("cut short: a retryable network error counting the text's characters", () => {
    const text = JSON.stringify([row]).slice(0, 60);
    const error = (() => {
      try {
        parseRepositoryPage(Buffer.from(text), undefined, "r");
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(SwrNetworkError);
    expect(error?.message).toBe(
      `the response body ended after ${text.length} characters, before its JSON did`,
    );
  });

  test("not JSON: a response error on body", () => {
    expect(() => parseRepositoryPage(Buffer.from("<html>é</html>"), undefined, "r")).toThrow(
      SwrResponseError,
    );
  });
});
