import fc from "fast-check";
import { requestedOrder, sortRepositories } from "../../../sdk/client/order/repositoryOrder";
import { RepositoryQuery } from "../../../sdk/client/query/repositoryQuery";
import { compareStrings } from "../../../sdk/client/stringOrder";
import { Repository } from "../../../sdk/client/model/repository";

function repository(namespace: string, name: string, updatedAt: string, tags: number): Repository {
  return {
    name,
    namespace,
    category: "linux",
    description: "",
    size: 0,
    isPublic: false,
    numImages: tags,
    numDownload: 0,
    createdAt: updatedAt,
    updatedAt,
    logo: "",
    url: "",
    path: `swr.example/${namespace}/${name}`,
    internalPath: `internal.example/${namespace}/${name}`,
    domainName: "tenant",
    tags: Array.from({ length: tags }, (_, i) => `v${i}`),
    status: true,
  };
}

// Few organizations, names shared between them, and text where a prefix sorts before its extension.
const part = fc.oneof(
  fc.constantFrom("a", "ab", "b", "a-b", "é", "😀"),
  fc.string({ minLength: 1, maxLength: 4 }),
);
const repositories = fc
  .uniqueArray(fc.tuple(part, part, fc.constantFrom("2024-01-01", "2024-06-01"), fc.nat(3)), {
    selector: ([namespace, name]) => `${namespace}/${name}`,
    maxLength: 80,
  })
  .map((rows) => rows.map(([namespace, name, updated, tags]) => repository(namespace, name, updated, tags)));

/** The documented order, spelled out: the requested column, then namespace, then name. */
function reference(
  repos: readonly Repository[],
  primary?: (a: Repository, b: Repository) => number,
): Repository[] {
  return [...repos].sort(
    (a, b) =>
      (primary?.(a, b) ?? 0) || compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name),
  );
}

test("with no order asked, any arrival order ends in (namespace, name) order", () => {
  fc.assert(
    fc.property(repositories, fc.boolean(), (repos, byName) => {
      // A listing arrives in name order; the sort must not rely on it.
      const arrived = byName ? [...repos].sort((a, b) => compareStrings(a.name, b.name)) : repos;
      expect(sortRepositories([...arrived], undefined)).toEqual(reference(repos));
    }),
    { numRuns: 300 },
  );
});

test("a requested order comes first, with (namespace, name) breaking its ties", () => {
  const orders: Array<[RepositoryQuery, (a: Repository, b: Repository) => number]> = [
    [{ orderColumn: "updated_at", orderType: "desc" }, (a, b) => compareStrings(b.updatedAt, a.updatedAt)],
    [{ orderColumn: "name", orderType: "asc" }, (a, b) => compareStrings(a.name, b.name)],
    [{ filter: { orderColumn: "tag_count", orderType: "asc" } }, (a, b) => a.tags.length - b.tags.length],
  ];
  fc.assert(
    fc.property(repositories, fc.constantFrom(...orders), (repos, [query, primary]) => {
      expect(sortRepositories([...repos], requestedOrder(query))).toEqual(reference(repos, primary));
    }),
    { numRuns: 300 },
  );
});

/**
 * The same orders on a fixed set, the expected result written out by hand rather than computed with the
 * implementation's own comparison: UTF-16 code units, so "B" < "a" (unlike `localeCompare`), a prefix
 * before its extension ("a" < "a-b" < "ab"), and U+1F600 (surrogates D83D DE00) before U+FB01 "ﬁ" (FB01),
 * the other way round from code point order.
 */
describe("golden orders", () => {
  const rows = [
    repository("team", "ab", "2024-06-01", 1),
    repository("team", "a", "2024-01-01", 3),
    repository("Team", "z", "2024-01-01", 0),
    repository("team", "a-b", "2024-06-01", 0),
    repository("ops", "a", "2024-06-01", 2),
    repository("team", "ﬁ", "2024-01-01", 1),
    repository("team", "😀", "2024-01-01", 2),
  ];
  const keys = (repos: readonly Repository[]) => repos.map((r) => `${r.namespace}/${r.name}`);

  test("no order asked: (namespace, name)", () => {
    expect(keys(sortRepositories([...rows].reverse(), undefined))).toEqual([
      "Team/z",
      "ops/a",
      "team/a",
      "team/a-b",
      "team/ab",
      "team/😀",
      "team/ﬁ",
    ]);
  });

  test("updated_at desc, then (namespace, name)", () => {
    const order = requestedOrder({ orderColumn: "updated_at", orderType: "desc" });
    expect(keys(sortRepositories([...rows], order))).toEqual([
      "ops/a",
      "team/a-b",
      "team/ab",
      "Team/z",
      "team/a",
      "team/😀",
      "team/ﬁ",
    ]);
  });

  test("tag_count asc inside the filter, then (namespace, name)", () => {
    const order = requestedOrder({ filter: { orderColumn: "tag_count", orderType: "asc" } });
    expect(keys(sortRepositories([...rows], order))).toEqual([
      "Team/z",
      "team/a-b",
      "team/ab",
      "team/ﬁ",
      "ops/a",
      "team/😀",
      "team/a",
    ]);
  });
});
