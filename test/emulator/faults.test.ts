/**
 * The emulator's faults and throttling: each fault kind as a client meets it, at about the rate asked for.
 */
import { startEmulator, type FaultKind, type RunningEmulator } from "../../emulator";
import { failure, get, LIST, REQUEST_ID } from "./requests";

describe("faults and throttling", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ repos: 200, seed: 3 });
  });
  afterAll(() => emulator.close());
  afterEach(() => emulator.configure({ faultRate: 0, maxConcurrency: undefined, latencyMs: 0 }));

  it("throttles requests above maxConcurrency with 429 APIG.0308", async () => {
    emulator.configure({ maxConcurrency: 2, latencyMs: 150 });
    emulator.resetStats();
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        get(emulator, `${LIST}?limit=10&offset=0`, { "X-Auth-Token": emulator.token }),
      ),
    );
    const throttled = await Promise.all(replies.filter((r) => r.status === 429).map(failure));
    await Promise.all(replies.filter((r) => r.status !== 429).map((r) => r.arrayBuffer()));
    expect(throttled.length).toBeGreaterThanOrEqual(6);
    expect(throttled.every((t) => t.code === "APIG.0308")).toBe(true);
    expect(throttled.every((t) => [null, "1"].includes(t.headers.get("retry-after")))).toBe(true);
    expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
    expect(emulator.stats.throttled).toBe(throttled.length);
    expect(emulator.stats.byStatus[429]).toBe(throttled.length);
    expect(emulator.stats.maxInFlight).toBeGreaterThan(2);
  });

  it.each<[FaultKind, number, string | undefined]>([
    ["throttle", 429, "APIG.0308"],
    ["too-many", 403, "SVCSTG.SWR.4031042"],
    ["busy", 409, "SVCSTG.SWR.4090023"],
    ["server", 500, "SVCSTG.SWR.5000008"],
    ["bad-gateway", 502, undefined],
    ["unavailable", 503, "APIG.0202"],
    ["gateway-timeout", 504, "APIG.0201"],
  ])("injects %s as %d", async (kind, status, code) => {
    emulator.configure({ faultRate: 1, faultKinds: [kind] });
    const reply = await failure(
      await get(emulator, `${LIST}?limit=10&offset=0`, { "X-Auth-Token": emulator.token }),
    );
    expect(reply.status).toBe(status);
    expect(reply.code).toBe(code);
    expect(reply.headers.get("x-request-id")).toMatch(REQUEST_ID);
  });

  it("injects reset as a connection dropped before any response", async () => {
    emulator.configure({ faultRate: 1, faultKinds: ["reset"] });
    await expect(get(emulator, LIST, { "X-Auth-Token": emulator.token })).rejects.toThrow();
  });

  it("injects truncate as a 200 whose body stops short of its Content-Length", async () => {
    emulator.configure({ faultRate: 1, faultKinds: ["truncate"] });
    const res = await get(emulator, `${LIST}?limit=100&offset=0`, { "X-Auth-Token": emulator.token });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("content-length"))).toBeGreaterThan(1000);
    await expect(res.text()).rejects.toThrow();
  });

  it("injects faults at about faultRate, only on authenticated list requests", async () => {
    emulator.configure({ faultRate: 0.3, faultKinds: ["server", "busy"] });
    emulator.resetStats();
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await get(emulator, `${LIST}?limit=10&offset=0`, { "X-Auth-Token": emulator.token });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    const faults = statuses.filter((s) => s !== 200).length;
    expect(emulator.stats.faultsInjected).toBe(faults);
    expect(faults).toBeGreaterThan(10);
    expect(faults).toBeLessThan(55);
    expect((emulator.stats.byStatus[500] ?? 0) + (emulator.stats.byStatus[409] ?? 0)).toBe(faults);
  });
});
