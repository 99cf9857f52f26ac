import fc from "fast-check";
import { CHUNK_CHARS, fromTable, packJson, toTable, unpackJson } from "../sdk/packing";

test("any value survives packing, in chunks of at most CHUNK_CHARS that never split a surrogate pair", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const chunks = packJson(value);
      for (const chunk of chunks) {
        expect(chunk.length).toBeLessThanOrEqual(CHUNK_CHARS);
        expect(chunk).toBe(Buffer.from(chunk, "utf8").toString("utf8")); // no lone surrogate at an edge
      }
      expect(unpackJson(chunks)).toEqual(JSON.parse(JSON.stringify(value)));
    }),
  );
});

test("a large value with astral characters at every chunk edge comes back whole", () => {
  const text = "😀".repeat(CHUNK_CHARS); // two UTF-16 units each: every edge falls inside a pair
  const chunks = packJson({ text });
  expect(chunks.length).toBeGreaterThan(2);
  for (const chunk of chunks) expect(chunk).toBe(Buffer.from(chunk, "utf8").toString("utf8"));
  expect(unpackJson(chunks)).toEqual({ text });
});

test("a table keeps every field of every item, in order", () => {
  const items = [
    { a: 1, b: "x", c: [1, 2] },
    { a: 2, b: "y", c: [] },
  ];
  expect(fromTable(toTable(items, ["a", "b", "c"]))).toEqual(items);
});
