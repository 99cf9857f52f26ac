import { startEmulator } from "../emulator";
import { SwrClient } from "../sdk/client";

/**
 * The soak: 200 complete listings against a hostile server — 30% transient faults of every kind,
 * ties ordered differently on every request, and a concurrency limit below the client's. Every
 * listing must be exact. The README's reliability table quotes this test.
 */
test("200 complete listings under faults, tie chaos and throttling are all exact", async () => {
  const emulator = await startEmulator({
    repos: 2000,
    seed: 11,
    faultRate: 0.3,
    unstableTies: true,
    maxConcurrency: 3,
  });
  const expected = emulator
    .repositories()
    .map((r) => `${r.namespace}/${r.name}`)
    .sort();
  const client = new SwrClient({
    endpoint: emulator.url,
    authToken: emulator.token,
    env: {},
    concurrency: 6,
    paging: { pageSize: 250 },
    retry: { maxAttempts: 12, baseDelayMs: 2, throttleBaseDelayMs: 2, maxDelayMs: 20, maxRetryAfterMs: 20 },
  });
  let exact = 0;
  let failures = 0;
  try {
    for (let run = 0; run < 200; run++) {
      const listing = await client.listRepositories();
      const keys = listing.repositories.map((r) => `${r.namespace}/${r.name}`).sort();
      if (keys.length === expected.length && keys.every((k, i) => k === expected[i])) exact++;
      failures += listing.stats.failures;
    }
  } finally {
    await client.close();
    await emulator.close();
  }
  expect(exact).toBe(200);
  expect(failures).toBeGreaterThan(200); // the faults really happened
  expect(emulator.stats.faultsInjected + emulator.stats.throttled).toBe(failures);
}, 300_000);
