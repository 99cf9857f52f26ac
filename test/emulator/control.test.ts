/** The emulator's control endpoints (`/__emulator/…`), which tests and the benchmark drive it by. */
import { startEmulator, type WireRepository } from "../../emulator";
import { list } from "./requests";

describe("control endpoints", () => {
  it("read and reset the counters and read and replace the set, without counting themselves", async () => {
    const emulator = await startEmulator({ repos: 40, seed: 4 });
    const control = (path: string, init?: RequestInit) => fetch(`${emulator.url}/__emulator/${path}`, init);
    try {
      await list(emulator, "limit=10&offset=0");
      const stats = (await (await control("stats")).json()) as { listRequests: number };
      expect(stats.listRequests).toBe(1);
      await control("stats/reset", { method: "POST" });
      expect(emulator.stats.listRequests).toBe(0);
      const repos = (await (await control("repositories")).json()) as WireRepository[];
      expect(repos).toEqual(emulator.repositories());
      const put = await control("repositories", { method: "PUT", body: JSON.stringify(repos.slice(5)) });
      expect(put.status).toBe(200);
      expect(emulator.repositories()).toHaveLength(35);
      expect(emulator.stats.requests).toBe(0);
      expect((await control("nothing")).status).toBe(404);
    } finally {
      await emulator.close();
    }
  });
});
