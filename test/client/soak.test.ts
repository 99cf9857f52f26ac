import { FAULT_KINDS, startEmulator } from "../../emulator";
import { SwrClient } from "../../sdk/client";

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

/**
 * The parallel soak: 20 complete listings at once against a server that allows 2 requests in flight,
 * with 30% faults of every default kind — cut-short bodies among them (a short `Content-Length`, a
 * chunked body closed early, a `Content-Length` the body never reaches) — half of them with gzip. Every
 * listing must be exact. The README's reliability table quotes this test.
 */
test("20 parallel listings under 30% faults, truncated bodies and a 2-request server limit are all exact", async () => {
  const emulator = await startEmulator({ repos: 2000, seed: 12, faultRate: 0.3, maxConcurrency: 2 });
  const expected = emulator
    .repositories()
    .map((r) => `${r.namespace}/${r.name}`)
    .sort();
  // Half the listings ask for gzip and half do not: a cut gzip stream and cut JSON are different failures.
  const clients = [true, false].map(
    (compression) =>
      new SwrClient({
        endpoint: emulator.url,
        authToken: emulator.token,
        env: {},
        concurrency: 4,
        paging: { pageSize: 100 },
        transport: { compression },
        // 20 listings share a server that takes 2 at once: backoff long enough to spread them out.
        retry: {
          maxAttempts: 12,
          baseDelayMs: 5,
          throttleBaseDelayMs: 20,
          maxDelayMs: 1000,
          maxRetryAfterMs: 1000,
        },
      }),
  );
  let listings;
  try {
    listings = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => clients[i % 2].listRepositories()),
    );
  } finally {
    for (const client of clients) await client.close();
    await emulator.close();
  }
  const failed = listings.filter((l) => l.status === "rejected").map((l) => String(l.reason));
  expect(failed).toEqual([]);
  for (const listing of listings) {
    if (listing.status !== "fulfilled") continue;
    expect(listing.value.repositories.map((r) => `${r.namespace}/${r.name}`).sort()).toEqual(expected);
  }
  // The cut-short bodies were really served (each kind several times), not merely configured.
  for (const kind of ["truncate", "chunked-cut", "short-length"] satisfies Array<
    (typeof FAULT_KINDS)[number]
  >)
    expect(emulator.stats.faultsByKind[kind]).toBeGreaterThan(3);
  expect(emulator.stats.faultsInjected).toBeGreaterThan(100);
  expect(emulator.stats.throttled).toBeGreaterThan(0);
}, 300_000);
