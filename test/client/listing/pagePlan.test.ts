import { SwrApiError, SwrListingError } from "../../../sdk/client";
import {
  dividingLimit,
  isRefusedLimit,
  LIMIT_LADDER,
  PagePlan,
  smallerLimit,
} from "../../../sdk/client/listing/pagePlan";
import { countRows, findEnd, sizeListing } from "../../../sdk/client/listing/pageSizing";
import { readWindow } from "../../../sdk/client/listing/onePage";
import { coveringPage } from "../../../sdk/client/listing/tieRepair";
import { items, ITEMS, scriptedList } from "./scriptedList";

describe("the page plan", () => {
  test("pages a total at a limit: offsets are multiples of it, the last page holds the rest", () => {
    const plan = new PagePlan(100, 250);
    expect(plan.pageCount).toBe(3);
    expect([0, 1, 2].map((i) => plan.offset(i))).toEqual([0, 100, 200]);
    expect([0, 1, 2, 3].map((i) => plan.expectedRows(i))).toEqual([100, 100, 50, 0]);
    expect(new PagePlan(100, 0).pageCount).toBe(1);
  });

  test("a page that reports another total, or holds other than the rows it implies, is a changed set", () => {
    const plan = new PagePlan(100, 250);
    const rows = (n: number) => Array.from({ length: n }, () => ({}));
    expect(() => plan.holdTo({ rows: rows(100), total: 250 }, 0, ITEMS)).not.toThrow();
    expect(() => plan.holdTo({ rows: rows(50) }, 2, ITEMS)).not.toThrow();
    for (const [page, index] of [
      [{ rows: rows(100), total: 251 }, 0],
      [{ rows: rows(49), total: 250 }, 2],
    ] as const) {
      const error = (() => {
        try {
          plan.holdTo(page, index, ITEMS);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(SwrListingError);
      expect((error as SwrListingError).reason).toBe("set-changed");
    }
  });

  test("a refused limit steps down a ladder whose sizes divide each other, from 1000 to 100 in two steps", () => {
    expect(LIMIT_LADDER.every((size, i) => i === 0 || LIMIT_LADDER[i - 1] % size === 0)).toBe(true);
    expect(smallerLimit(1000)).toBe(500);
    expect(smallerLimit(smallerLimit(1000) as number)).toBe(100);
    expect(smallerLimit(1)).toBeUndefined();
    expect(isRefusedLimit(new SwrApiError(400, "SVCSTG.SWR.4000056", "m", "r"))).toBe(true);
    expect(isRefusedLimit(new SwrApiError(400, "SVCSTG.SWR.4001025", "m", "r"))).toBe(false);
    expect(dividingLimit(1000, 120)).toBe(100);
    expect(dividingLimit(300, 120)).toBe(100);
    expect(dividingLimit(7, 5)).toBe(1);
  });

  test("a page that spans a tie group whole has a limit of its own and an offset that is a multiple of it", () => {
    for (const [start, end, max] of [
      [995, 1005, 1000],
      [9995, 10005, 1000],
      [95, 105, 100],
      [0, 3, 100],
    ]) {
      const page = coveringPage(start, end, max) as { limit: number; offset: number };
      expect(page.limit).toBeLessThanOrEqual(max);
      expect(page.offset % page.limit).toBe(0);
      expect(page.offset).toBeLessThanOrEqual(start);
      expect(page.offset + page.limit).toBeGreaterThanOrEqual(end);
    }
    expect(coveringPage(0, 101, 100)).toBeUndefined();
  });
});

describe("sizing a listing from its first responses", () => {
  test("a server that takes the page size and counts: one request, the plan at that size", async () => {
    const list = scriptedList(items(2345));
    const sized = await sizeListing(list.fetchAt, 1000, ITEMS, 100);
    expect([sized.plan.limit, sized.plan.total, sized.counted]).toEqual([1000, 2345, true]);
    expect(list.requests).toEqual([[1000, 0]]);
  });

  test("a refused limit costs one request a step; a page served short gives the server's page size", async () => {
    const capped = scriptedList(items(2345), { maxLimit: 100 });
    const sized = await sizeListing(capped.fetchAt, 1000, ITEMS, 100);
    expect(sized.plan.limit).toBe(100);
    expect(capped.requests).toEqual([
      [1000, 0],
      [500, 0],
      [100, 0],
    ]);
    const short = scriptedList(items(2345), { servedRows: 120 });
    const learned = await sizeListing(short.fetchAt, 1000, ITEMS, 100);
    expect([learned.plan.limit, learned.plan.pageCount, learned.pages.length]).toEqual([120, 20, 1]);
    expect(short.requests).toHaveLength(1);
  });

  test("without a total, the end of the list counts it, in windows that double", async () => {
    const list = scriptedList(items(2345), { counts: false });
    const sized = await sizeListing(list.fetchAt, 100, ITEMS, 1000);
    expect([sized.plan.limit, sized.plan.total, sized.counted]).toEqual([100, 2345, false]);
    expect(sized.pages.map((p) => p.rows.length)).toEqual([...Array(23).fill(100), 45]);
    // 24 pages needed; page 0, then windows of 1, 2, 4, 8, 16.
    expect(list.requests.length).toBeLessThanOrEqual(2 * 24);
  });

  test("without a total, a page served short is told from the end by the next page at that size", async () => {
    const short = scriptedList(items(250), { counts: false, servedRows: 120 });
    const sized = await sizeListing(short.fetchAt, 1000, ITEMS, 1000);
    expect([sized.plan.limit, sized.plan.total]).toEqual([120, 250]);
    const ended = scriptedList(items(70), { counts: false });
    const small = await sizeListing(ended.fetchAt, 1000, ITEMS, 1000);
    expect([small.plan.total, small.plan.pageCount]).toEqual([70, 1]);
    expect(ended.requests).toEqual([
      [1000, 0],
      [70, 70],
    ]);
  });

  test("a walk past maxPages stops with too-many-pages", async () => {
    const long = scriptedList(items(500), { counts: false });
    await expect(findEnd(long.fetchAt, 10, 1, ITEMS, 8)).rejects.toMatchObject({ reason: "too-many-pages" });
  });
});

describe("reading the one page a caller asked for", () => {
  test("at the size asked: one request", async () => {
    const list = scriptedList(items(2345));
    const window = await readWindow(list.fetchAt, 100, 200, ITEMS, 100);
    expect(window.rows.map((r) => r.key)).toEqual(
      items(300)
        .slice(200)
        .map((r) => r.key),
    );
    expect(window.total).toBe(2345);
    expect(list.requests).toHaveLength(1);
  });

  test.each([
    ["a refused limit", { maxLimit: 100 }],
    ["pages served short", { servedRows: 120 }],
    ["pages served short, no total", { servedRows: 120, counts: false }],
  ])("with %s, the same rows and total, every offset a multiple of its limit", async (_what, script) => {
    const list = scriptedList(items(2345), script);
    const window = await readWindow(list.fetchAt, 1000, 2000, ITEMS, 100);
    expect(window.rows.map((r) => r.key)).toEqual(
      items(2345)
        .slice(2000)
        .map((r) => r.key),
    );
    expect(window.total).toBe(2345);
    expect(list.requests.length).toBeLessThanOrEqual(3 * Math.ceil(345 / 100) + 12);
  });

  test("without a total, a full window counts the rest in pages of the largest size the server takes", async () => {
    const list = scriptedList(items(2500), { counts: false });
    const window = await readWindow(list.fetchAt, 10, 0, ITEMS, 100);
    expect(window.rows).toHaveLength(10);
    expect(window.total).toBe(2500);
    expect(list.requests.length).toBeLessThanOrEqual(6);
    expect(await countRows(scriptedList(items(37), { counts: false }).fetchAt, 10, 10, ITEMS, 100)).toBe(37);
  });
});
