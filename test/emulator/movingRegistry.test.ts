/**
 * A registry that moves under a listing: ties broken differently on every request, a set that changes mid-
 * listing.
 */
import { startEmulator } from "../../emulator";
import { keyOf, list } from "./requests";

describe("a moving registry", () => {
  it("breaks ties differently on every request with unstableTies, and not without", async () => {
    const emulator = await startEmulator({ repos: 500 });
    try {
      const query = "limit=50&offset=50&order_column=tag_count&order_type=asc";
      const stable = await Promise.all(
        [1, 2, 3].map(async () => (await list(emulator, query)).items.map(keyOf)),
      );
      expect(stable[1]).toEqual(stable[0]);
      expect(stable[2]).toEqual(stable[0]);

      emulator.configure({ unstableTies: true });
      const pages: string[][] = [];
      for (let i = 0; i < 3; i++) pages.push((await list(emulator, query)).items.map(keyOf));
      expect(new Set(pages.map((p) => p.join())).size).toBeGreaterThan(1);

      // The hazard it models: naive offset paging over ties skips and repeats repositories.
      const seen: string[] = [];
      for (let offset = 0; offset < 500; offset += 50) {
        seen.push(
          ...(
            await list(emulator, `limit=50&offset=${offset}&order_column=tag_count&order_type=asc`)
          ).items.map(keyOf),
        );
      }
      expect(seen).toHaveLength(500);
      expect(new Set(seen).size).toBeLessThan(500);
    } finally {
      await emulator.close();
    }
  });

  it("changes the set once after mutateAfterPages paged responses", async () => {
    const emulator = await startEmulator({ repos: 500, mutateAfterPages: 2 });
    try {
      const totalOf = async (offset: number): Promise<string | null> =>
        (await list(emulator, `limit=100&offset=${offset}`)).headers.get("content-range");
      expect(await totalOf(0)).toBe("0-100/500");
      await list(emulator); // unpaged: does not count
      expect(await totalOf(100)).toBe("100-100/500");
      const moved = await totalOf(200);
      expect(moved).not.toBe("200-100/500");
      const total = Number(moved?.split("/")[1]);
      expect(emulator.repositories()).toHaveLength(total);
      for (let offset = 0; offset < 500; offset += 100)
        expect((await totalOf(offset))?.endsWith(`/${total}`)).toBe(true);

      emulator.configure({ mutateAfterPages: 1 });
      await totalOf(0);
      expect(emulator.repositories().length).not.toBe(total);
    } finally {
      await emulator.close();
    }
  });
});
