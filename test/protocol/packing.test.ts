import fc from "fast-check";
import {
  CHUNK_CHARS,
  ColumnTable,
  fromColumns,
  packJson,
  toColumns,
  unpackJson,
} from "../../sdk/protocol/columns";
import { unpackRepositoriesResult, unpackRepositoryTagsResult } from "../../sdk/protocol/results";

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

interface Row {
  readonly namespace: string;
  readonly name: string;
  readonly path: string;
  readonly category: string;
  readonly size: number;
  readonly flag: boolean;
  readonly tags: readonly string[];
}

// Few distinct values in some fields (dictionaries), many in others, and a path that is usually
// `host/namespace/name` but not always: every form, and every fallback, gets exercised.
const few = fc.constantFrom("a", "b", "c/d", "é😀", "");
const row = fc
  .record({
    namespace: fc.oneof(few, fc.string()),
    name: fc.oneof(few, fc.string()),
    category: fc.oneof(few, few, fc.string()),
    size: fc.oneof(fc.constant(0), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    flag: fc.boolean(),
    tags: fc.array(fc.oneof(few, fc.string()), { maxLength: 4 }),
    odd: fc.option(fc.string(), { nil: undefined }),
  })
  .map(({ odd, ...r }): Row => ({ ...r, path: odd ?? `swr.example/${r.namespace}/${r.name}` }));
const FIELDS = ["namespace", "name", "path", "category", "size", "flag", "tags"] as const;

/** Through the same JSON a plugin answer crosses, and back. */
function roundTrip(rows: readonly Row[]): Row[] {
  const table = toColumns(rows, FIELDS, { path: ["namespace", "name"] });
  return fromColumns<Row>(unpackJson(packJson(table)) as ColumnTable);
}

test("any list of objects comes back from its columns exactly, field order included", () => {
  fc.assert(
    fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
      const back = roundTrip(rows);
      expect(back).toEqual(JSON.parse(JSON.stringify(rows))); // as JSON: -0 crosses as 0
      for (const item of back) expect(Object.keys(item)).toEqual(FIELDS);
    }),
    { numRuns: 300 },
  );
});

test("repeated values and derived paths cross as dictionaries and a prefix, not one by one", () => {
  const rows: Row[] = Array.from({ length: 1000 }, (_, i) => ({
    namespace: `team-${i % 10}`,
    name: `app-${i}`,
    path: `swr.example/team-${i % 10}/app-${i}`,
    category: i % 3 ? "linux" : "other",
    size: i,
    flag: i % 2 === 0,
    tags: ["latest", `v${i % 5}`],
  }));
  const table = toColumns(rows, FIELDS, { path: ["namespace", "name"] });
  const form = (field: string) => Object.keys(table.columns[FIELDS.indexOf(field as never)]).sort();
  expect(form("path")).toEqual(["from", "prefix"]);
  expect(form("namespace")).toEqual(["dictionary", "indexes"]);
  expect(form("tags")).toEqual(["dictionary", "lists"]);
  expect(form("name")).toEqual(["values"]);
  expect(JSON.stringify(table).length).toBeLessThan(JSON.stringify(rows).length / 3);
  expect(roundTrip(rows)).toEqual(rows);
});

test("a malformed table is an error naming what is wrong, never a wrong list", () => {
  const good = toColumns([{ a: "x", b: 1 }], ["a", "b"]);
  const cases: Array<[unknown, RegExp]> = [
    [null, /not a table of columns/],
    [{ ...good, count: -1 }, /not a table of columns/],
    [{ ...good, fields: ["a"] }, /column count unlike its field count/],
    [{ ...good, columns: [{ values: ["x", "y"] }, good.columns[1]] }, /malformed column a/],
    [{ ...good, columns: [{ dictionary: ["x"], indexes: [1] }, good.columns[1]] }, /malformed column a/],
    [{ ...good, columns: [good.columns[0], { prefix: "p/", from: ["a", "zz"] }] }, /cannot derive field zz/],
    [{ ...good, columns: [{ prefix: "p/", from: ["a", "b"] }, good.columns[1]] }, /cannot derive field a/],
  ];
  for (const [table, message] of cases) expect(() => fromColumns(table as ColumnTable)).toThrow(message);
});

test("a packed plugin result that is not JSON, or not a table, is an error pointing at mismatched versions", () => {
  const table = JSON.stringify({ count: 1, fields: ["name"], columns: [{ values: ["a", "b"] }] });
  const cases: Array<[unknown, RegExp]> = [
    [["{"], /packed result is not JSON \(are the plugin and the SDK the same version/],
    [[table], /packed result has a malformed column name \(are the plugin and the SDK the same version/],
    [[1, 2], /packed result is not a list of chunks/],
  ];
  for (const [packed, message] of cases) {
    expect(() => unpackRepositoriesResult({ total: 1, packed })).toThrow(message);
    expect(() => unpackRepositoryTagsResult({ total: 1, packed })).toThrow(message);
  }
});
