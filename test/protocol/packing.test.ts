import fc from "fast-check";
import {
  CHUNK_CHARS,
  ColumnTable,
  fromColumns,
  packJson,
  toColumns,
  unpackJson,
} from "../../sdk/protocol/columns";
import { PACKED_TABLE_FORMAT, packTable, unpackTable } from "../../sdk/protocol/packedTable";
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
/** Rows whose strings are `strings` or few distinct values. */
const rowOf = (strings: fc.Arbitrary<string>) =>
  fc
    .record({
      namespace: fc.oneof(few, strings),
      name: fc.oneof(few, strings),
      category: fc.oneof(few, few, strings),
      size: fc.oneof(fc.constant(0), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
      flag: fc.boolean(),
      tags: fc.array(fc.oneof(few, strings), { maxLength: 4 }),
      odd: fc.option(strings, { nil: undefined }),
    })
    .map(({ odd, ...r }): Row => ({ ...r, path: odd ?? `swr.example/${r.namespace}/${r.name}` }));
const row = rowOf(fc.string());
const FIELDS = ["namespace", "name", "path", "category", "size", "flag", "tags"] as const;

/** Any list of `rows` comes back from `roundTrip` exactly, field order included. */
function expectExactRoundTrips(
  rows: fc.Arbitrary<Row>,
  roundTrip: (rows: readonly Row[]) => Row[],
  numRuns: number,
): void {
  fc.assert(
    fc.property(fc.array(rows, { maxLength: 60 }), (list) => {
      const back = roundTrip(list);
      expect(back).toEqual(JSON.parse(JSON.stringify(list))); // as JSON: -0 crosses as 0
      for (const item of back) expect(Object.keys(item)).toEqual(FIELDS);
    }),
    { numRuns },
  );
}

/** Through the same JSON a plugin answer crosses, and back. */
function roundTrip(rows: readonly Row[]): Row[] {
  const table = toColumns(rows, FIELDS, { path: ["namespace", "name"] });
  return fromColumns<Row>(unpackJson(packJson(table)) as ColumnTable);
}

test("any list of objects comes back from its columns exactly, field order included", () => {
  expectExactRoundTrips(row, roundTrip, 300);
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

/** What a protobuf string makes of a chunk: its UTF-8 and back (a lone surrogate would not survive). */
const overTheWire = (chunks: readonly string[]) =>
  chunks.map((chunk) => Buffer.from(chunk, "utf8").toString("utf8"));

/** Through the plugin's packed form, as a protobuf string carries each chunk, and back. */
function packedRoundTrip(rows: readonly Row[]): Row[] {
  const chunks = packTable(toColumns(rows, FIELDS, { path: ["namespace", "name"] }));
  for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(CHUNK_CHARS);
  expect(overTheWire(chunks)).toEqual(chunks);
  return unpackTable<Row>(overTheWire(chunks));
}

// Strings that hold the packed form's separators, lone surrogates and empty strings: each must
// fall back to a form that keeps it.
const awkward = fc.oneof(
  few,
  fc.string(),
  fc.constantFrom("\u001f", "a\u001eb", "\ud800", "x\udc00", "\u001f\u001e", " "),
  fc.string({ unit: "binary" }),
);
const awkwardRow = rowOf(awkward);

test("the plugin's packed form gives back any list of objects exactly, through UTF-8", () => {
  expectExactRoundTrips(fc.oneof(row, awkwardRow), packedRoundTrip, 500);
});

test("the packed form carries plain strings as text, indexes as characters, and is smaller than the JSON of its table", () => {
  const rows: Row[] = Array.from({ length: 5000 }, (_, i) => ({
    namespace: `team-${i % 10}`,
    name: `app-${i}`,
    path: `swr.example/team-${i % 10}/app-${i}`,
    category: `c${i % 200}`,
    size: i,
    flag: i % 2 === 0,
    tags: [`v${i}`, `v${i}.1`],
  }));
  const table = toColumns(rows, FIELDS, { path: ["namespace", "name"] });
  const chunks = packTable(table);
  const [line, layoutJson] = chunks;
  expect(line).toMatch(new RegExp(`^${PACKED_TABLE_FORMAT} (\\d+,)*\\d+$`));
  const layout = JSON.parse(layoutJson) as { columns: Array<Record<string, unknown>> };
  const form = (field: string) => Object.keys(layout.columns[FIELDS.indexOf(field as never)]).sort();
  expect(form("name")).toEqual(["text"]);
  expect(form("tags")).toEqual(["json"]);
  expect(form("category")).toEqual(["codes", "dictionary"]);
  expect(form("size")).toEqual(["json"]);
  expect(form("path")).toEqual(["from", "prefix"]);
  expect(Buffer.byteLength(chunks.join(""))).toBeLessThan(JSON.stringify(table).length);
  expect(unpackTable(chunks)).toEqual(rows);
});

test("a packed part larger than a chunk is cut, never inside a surrogate pair, and read back whole", () => {
  const name = "😀".repeat(CHUNK_CHARS / 4);
  const rows = Array.from({ length: 5 }, (_, i): Row => ({
    namespace: "a",
    name: `${i}${name}`,
    path: `h/a/${i}${name}`,
    category: "c",
    size: i,
    flag: true,
    tags: [],
  }));
  const chunks = packTable(toColumns(rows, FIELDS, { path: ["namespace", "name"] }));
  expect(chunks.length).toBeGreaterThan(4);
  expect(overTheWire(chunks)).toEqual(chunks);
  expect(unpackTable(chunks)).toEqual(rows);
});

test("the SDK still reads the JSON chunks an earlier plugin sent", () => {
  const rows: Row[] = [
    { namespace: "a", name: "b", path: "h/a/b", category: "c", size: 1, flag: true, tags: ["1"] },
  ];
  expect(unpackTable(packJson(toColumns(rows, FIELDS, { path: ["namespace", "name"] })))).toEqual(rows);
});

test("an SDK from before the packed form fails on it, saying it is not JSON, instead of reading other rows", () => {
  const rows: Row[] = [
    { namespace: "a", name: "b", path: "h/a/b", category: "c", size: 1, flag: true, tags: ["1"] },
  ];
  const chunks = packTable(toColumns(rows, FIELDS, { path: ["namespace", "name"] }));
  // What the earlier SDK did with every packed result.
  expect(() => fromColumns(unpackJson(chunks) as ColumnTable)).toThrow(SyntaxError);
});

test("a packed result of another form, or malformed, is an error saying what, never a wrong list", () => {
  const good = packTable(toColumns([{ a: "x", b: 1 }], ["a", "b"]));
  const layout = (columns: unknown[], count = 1) => JSON.stringify({ count, fields: ["a", "b"], columns });
  const b = { json: 2 };
  const cases: Array<[string[], RegExp]> = [
    [["swr-columns/3 1", "{}"], /is of form "swr-columns\/3", which this SDK does not read/],
    [["something else"], /is of form "something", which this SDK does not read/],
    [[], /is of form "", which this SDK does not read/],
    [[`${PACKED_TABLE_FORMAT} x`, "{}"], /format line without chunk counts/],
    [[`${PACKED_TABLE_FORMAT} 1,1`, "{}"], /has 1 chunks where its format line counts another number/],
    [[`${PACKED_TABLE_FORMAT} 1`, "{"], /layout that is not JSON/],
    [[`${PACKED_TABLE_FORMAT} 1`, "[]"], /not a table of columns/],
    [[`${PACKED_TABLE_FORMAT} 1,1,1`, layout([{ text: 1 }, b]), '["x","y"]', "[1]"], /malformed column a/],
    [[`${PACKED_TABLE_FORMAT} 1,1,1`, layout([{ text: 1 }, b]), '["x\\"y"]', "[1]"], /malformed column a/],
    [[`${PACKED_TABLE_FORMAT} 1,1,1`, layout([{ text: 1 }, b]), "x", "[1]"], /malformed column a/],
    [[`${PACKED_TABLE_FORMAT} 1,1,1`, layout([{ text: 7 }, b]), "x", "[1]"], /names a part it does not hold/],
    [[`${PACKED_TABLE_FORMAT} 1,1,1`, layout([{ json: 1 }, b]), "[1,", "[1]"], /malformed column a/],
    [[`${PACKED_TABLE_FORMAT} 1,1,1`, layout([{ json: 1 }, b]), "{}", "[1]"], /malformed column a/],
    [
      [`${PACKED_TABLE_FORMAT} 1,1,1`, layout([{ dictionary: ["x"], codes: 1 }, b]), "!", "[1]"],
      /malformed column a/,
    ],
    [[`${PACKED_TABLE_FORMAT} 1,1,1`, layout([{ text: 1 }, b], 2), "x", "[1,2]"], /malformed column a/],
    [
      [`${PACKED_TABLE_FORMAT} 1,1,1`, layout([{ dictionary: ["x"], codes: 1 }, b]), "\u0001", "[1]"],
      /malformed column a/,
    ],
    [
      [`${PACKED_TABLE_FORMAT} 1,1,1`, layout([{ dictionary: "x", codes: 1 }, b]), " ", "[1]"],
      /malformed column a/,
    ],
    [[`${PACKED_TABLE_FORMAT} 1,1,1`, layout([{ values: ["x"] }, b]), "x", "[1]"], /malformed column a/],
    [[`${PACKED_TABLE_FORMAT} 1,1,1`, layout([{ stamps: 1 }, b]), "x", "[1]"], /malformed column a/],
  ];
  expect(unpackTable(good)).toEqual([{ a: "x", b: 1 }]);
  for (const [chunks, message] of cases) expect(() => unpackTable(chunks)).toThrow(message);
  for (const [chunks, message] of cases.slice(0, 1)) {
    const error = new RegExp(`${message.source} \\(are the plugin and the SDK the same version`);
    expect(() => unpackRepositoriesResult({ total: 1, packed: chunks })).toThrow(error);
    expect(() => unpackRepositoryTagsResult({ total: 1, packed: chunks })).toThrow(error);
  }
});
