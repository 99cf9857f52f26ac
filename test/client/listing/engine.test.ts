import { SwrApiError } from "../../../sdk/client";
import { Admission } from "../../../sdk/client/listing/admission";
import { binaryOrder, caseFoldedOrder, NAME_COLLATIONS } from "../../../sdk/client/listing/collation";
import { collectListing, ListingSpec, streamListing } from "../../../sdk/client/listing/engine";
import { OrderCheck, OrderNotHonoured } from "../../../sdk/client/listing/orderCheck";
import { PageContext } from "../../../sdk/client/listing/page";
import { REPAIR_ROUNDS, repairTieGroup, TieRepairParts } from "../../../sdk/client/listing/tieRepair";
import { Item, items, ITEMS, Script, scriptedList } from "./scriptedList";

describe("the order check", () => {
  test("holds every page to one collation, moving to another that fits every page so far", () => {
    const check = new OrderCheck([binaryOrder, caseFoldedOrder], 2);
    check.record(0, ["a", "ba"]);
    // Binary order puts "_" before lower-case letters, case-folded after them: "ba" then "b_c" fits
    // only the latter, which the check moves to.
    check.record(1, ["b_c", "c"]);
    expect(() => new OrderCheck([binaryOrder], 2).record(0, ["b", "a"])).toThrow(OrderNotHonoured);
    const strict = new OrderCheck([binaryOrder], 2);
    strict.record(0, ["a", "c"]);
    expect(() => strict.record(1, ["b", "d"])).toThrow(/does not follow on from its neighbours/);
  });

  test("one page holds everything in any order; a boundary ties when its edge keys are equal", () => {
    expect(() => new OrderCheck(NAME_COLLATIONS, 1).record(0, ["z", "a"])).not.toThrow();
    const check = new OrderCheck(NAME_COLLATIONS, 3);
    check.record(0, ["a", "b"]);
    expect(check.tieAt(1)).toBeUndefined();
    check.record(1, ["b", "c"]);
    expect(check.tieAt(1)).toBe("b");
    expect(check.tieAt(2)).toBeUndefined();
  });
});

describe("the step bookkeeping", () => {
  test("a step holds rows seen for the first time that meet the query; listed counts every distinct row", () => {
    const admission = new Admission<Item>(
      (item) => item.key,
      (item) => item.key !== "k1",
    );
    const [a, b, c] = items(3);
    const first = admission.step("page", 0, [a, b], 3, "req-1");
    expect(first.rows).toEqual([a]);
    expect(first.listed).toBe(2);
    const second = admission.step("repair", 1, [a, b, c], 3, "req-2");
    expect(second.rows).toEqual([c]);
    expect([second.kind, second.index, second.listed, second.total, second.requestId]).toEqual([
      "repair",
      1,
      3,
      3,
      "req-2",
    ]);
  });
});

describe("the tie repair", () => {
  /** Pages of 10 over 30 items whose items 8…11 tie; the pages show only some of the group. */
  function parts(fetched: Array<[number, number]>): TieRepairParts<Item> {
    const all = items(30).map((item, i) => (i >= 8 && i < 12 ? { ...item, order: "o0008" } : item));
    const order = new OrderCheck([binaryOrder], 3);
    const keys = (p: number) => all.slice(p * 10, p * 10 + 10).map((item) => item.order);
    for (const p of [0, 1, 2]) order.record(p, keys(p));
    // The server drew k8 twice and k10 not at all for the two pages' tied positions.
    const shown = [all[8], all[8], all[11], all[9]];
    return {
      items: ITEMS,
      pageCount: 3,
      order,
      edges: (p) => (p === 0 ? shown.slice(0, 2) : shown.slice(2)),
      pageAt: () => Promise.resolve(),
      refetch: () => Promise.reject(new Error("not needed")),
      fetchAt: (limit, offset) => {
        fetched.push([limit, offset]);
        return Promise.resolve({ rows: all.slice(offset, offset + limit) });
      },
      limit: 10,
      orderKey: (item) => item.order,
      key: (item) => item.key,
      rounds: 8,
    };
  }

  test("recovers a cut group whole with one page that spans it", async () => {
    const fetched: Array<[number, number]> = [];
    const group = await repairTieGroup("o0008", 1, parts(fetched));
    expect(group.rows.map((r) => r.key).sort()).toEqual(["k10", "k11", "k8", "k9"]);
    expect(fetched).toHaveLength(1);
    const [[limit, offset]] = fetched;
    expect(offset % limit).toBe(0);
    expect(offset <= 8 && offset + limit >= 12).toBe(true);
  });
});

describe("the tie repair of a group no page can span", () => {
  /**
   * Pages of 2 over 6 items whose items 1…4 tie (positions 1–4: pages 0, 1 and 2). Every fetch of a
   * page shows k1 or k2 on page 0, k3 and k4 on page 1 and k1 or k2 on page 2, except that from
   * round `shownFrom` page 2 shows k2 at last: a draw that keeps missing a row for several rounds.
   */
  function parts(shownFrom: number, rounds: number): { parts: TieRepairParts<Item>; refetched: number[] } {
    const all = items(6).map((item, i) => (i >= 1 && i <= 4 ? { ...item, order: "o0001" } : item));
    const order = new OrderCheck([binaryOrder], 3);
    for (const p of [0, 1, 2])
      order.record(
        p,
        all.slice(p * 2, p * 2 + 2).map((item) => item.order),
      );
    const refetched: number[] = [];
    const page = (p: number, round: number) =>
      p === 0
        ? [all[0], all[1]]
        : p === 1
          ? [all[3], all[4]]
          : [round >= shownFrom ? all[2] : all[1], all[5]];
    return {
      refetched,
      parts: {
        items: ITEMS,
        pageCount: 3,
        order,
        edges: (p) => page(p, 0),
        pageAt: () => Promise.resolve(),
        refetch: (p) => {
          refetched.push(p);
          return Promise.resolve({ rows: page(p, Math.ceil(refetched.length / 3)) });
        },
        fetchAt: () => Promise.reject(new Error("no page of at most 2 spans positions 1–4")),
        limit: 2,
        orderKey: (item) => item.order,
        key: (item) => item.key,
        rounds,
      },
    };
  }

  test("fetches the group's pages again until it is whole, past a run of unlucky rounds", async () => {
    const { parts: repair, refetched } = parts(12, REPAIR_ROUNDS);
    const group = await repairTieGroup("o0001", 1, repair);
    expect(group.rows.map((r) => r.key).sort()).toEqual(["k1", "k2", "k3", "k4"]);
    // Rounds stop once the group is whole: twelve rounds of its three pages.
    expect(refetched).toHaveLength(12 * 3);
  });

  test("gives up after its rounds, leaving the listing to fail rather than drop a row", async () => {
    const { parts: repair, refetched } = parts(12, 8);
    const group = await repairTieGroup("o0001", 1, repair);
    expect(group.rows.map((r) => r.key).sort()).toEqual(["k1", "k3", "k4"]);
    expect(refetched).toHaveLength(8 * 3);
  });
});

/** A listing spec over a scripted list: one route in order-key order, as the engine pages it. */
function scriptedListing(all: Item[], script: Script, routes = 1) {
  const list = scriptedList(all, script);
  const context: PageContext = {
    send: async <T>(request: { query: ReadonlyArray<readonly [string, string]>; read: (r: never) => T }) => {
      const query = new Map(request.query);
      if (query.get("route") === "refused")
        throw new SwrApiError(400, "SVCSTG.SWR.4001035", "unknown filter key", "req-x");
      const page = await list.fetchAt(Number(query.get("limit")), Number(query.get("offset")));
      return page as unknown as T;
    },
  };
  const route = (name: string) => ({
    describe: name,
    pagePairs: (limit: number, offset: number) =>
      [
        ["route", name],
        ["limit", String(limit)],
        ["offset", String(offset)],
      ] as Array<[string, string]>,
    orderKey: (item: Item) => item.order,
    collations: [binaryOrder],
    refusedBy: (error: unknown) => error instanceof SwrApiError && error.serverCode === "SVCSTG.SWR.4001035",
  });
  const spec: ListingSpec<Item> = {
    items: ITEMS,
    path: "/scripted",
    parse: () => {
      throw new Error("the scripted send parses");
    },
    key: (item) => item.key,
    accepts: () => true,
    routes: routes === 1 ? [route("plain")] : [route("refused"), route("plain")],
  };
  return { spec, context, list };
}

describe("the engine on scripted pages", () => {
  test.each<[string, Script, number]>([
    ["a server that takes the page size and counts", {}, 100],
    ["a server that refuses limits above 100", { maxLimit: 100 }, 100],
    ["a server that serves 120 rows a page", { servedRows: 120 }, 120],
    ["a server that counts no total", { counts: false }, 100],
    ["a server that serves 120 rows a page and counts no total", { servedRows: 120, counts: false }, 120],
  ])("%s, ties reordered: every row once, at most three times the pages", async (_what, script, served) => {
    const all = items(2345, 7);
    const { spec, context, list } = scriptedListing(all, { ...script, unstableTies: true });
    const rows = await collectListing(spec, context, { maxRelists: 0 });
    expect(rows.map((r) => r.key).sort()).toEqual(all.map((r) => r.key).sort());
    expect(list.requests.length).toBeLessThanOrEqual(3 * Math.ceil(all.length / served));
    for (const [limit, offset] of list.requests) expect(offset % limit).toBe(0);
  });

  test("a route the server refuses gives way to the next; every route refused is the server's own error", async () => {
    const all = items(250, 3);
    const { spec, context } = scriptedListing(all, {}, 2);
    const rows = await collectListing(spec, context, { maxRelists: 0 });
    expect(rows).toHaveLength(250);
    const refusedOnly = { ...spec, routes: [spec.routes[0]] };
    await expect(collectListing(refusedOnly, context, { maxRelists: 0 })).rejects.toMatchObject({
      serverCode: "SVCSTG.SWR.4001035",
    });
  });

  test("streaming yields each row once, in steps that say what the server counted", async () => {
    const all = items(450, 4);
    const { spec, context } = scriptedListing(all, { servedRows: 100, unstableTies: true });
    const seen: string[] = [];
    for await (const step of streamListing(spec, context, { prefetch: 2 })) {
      expect(step.total).toBe(450);
      seen.push(...step.rows.map((r) => r.key));
    }
    expect(seen.sort()).toEqual(all.map((r) => r.key).sort());
  });

  test("a total that moves between pages is a changed set", async () => {
    const all = items(300);
    const { spec, context, list } = scriptedListing(all, {});
    const moving: PageContext = {
      send: async (request) => {
        const page = (await context.send(request)) as unknown as { total: number };
        return { ...page, total: list.requests.length > 1 ? 301 : page.total } as never;
      },
    };
    await expect(collectListing(spec, moving, { maxRelists: 0, pageSize: 100 })).rejects.toMatchObject({
      reason: "set-changed",
    });
  });
});
