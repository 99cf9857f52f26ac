import { AdaptiveConcurrency } from "../../../sdk/client/http/adaptiveConcurrency";

/** Starts `n` tasks that wait for `release`; returns how many started at once and their throttle hooks. */
function startBurst(gate: AdaptiveConcurrency, n: number) {
  const hooks: Array<() => void> = [];
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const done = Array.from({ length: n }, () =>
    gate.run(async (throttled) => {
      hooks.push(throttled);
      await released;
    }),
  );
  return { hooks, release, done: Promise.all(done) };
}

/** A gate of 8 whose one request at 8 was throttled: ceiling 8, limit 4. */
async function throttledAt8(): Promise<AdaptiveConcurrency> {
  const gate = new AdaptiveConcurrency(8);
  const once = startBurst(gate, 1);
  await Promise.resolve();
  once.hooks[0]();
  once.release();
  await once.done;
  return gate;
}

/**
 * The 99 pages after page 0 of a listing of 100,000, sent through a gate of 16 with a wave of 128,
 * until one of the first 16 is answered and none refused.
 */
async function waveAfterFirstAnswer(gate: AdaptiveConcurrency) {
  const wave = startBurst(gate, 99);
  await Promise.resolve();
  expect(wave.hooks).toHaveLength(16);
  gate.succeeded();
  await Promise.resolve();
  return wave;
}

test("one burst of refusals halves the limit once, not once per refusal", async () => {
  const gate = new AdaptiveConcurrency(16);
  const burst = startBurst(gate, 16);
  await Promise.resolve();
  expect(burst.hooks).toHaveLength(16);
  for (const throttled of burst.hooks.slice(4)) throttled(); // 12 refusals from one burst
  expect(gate.limit).toBe(8);
  burst.release();
  await burst.done;
});

test("a refusal of a request sent after the decrease halves again", async () => {
  const gate = new AdaptiveConcurrency(16);
  const first = startBurst(gate, 1);
  await Promise.resolve();
  first.hooks[0]();
  expect(gate.limit).toBe(8);
  first.release();
  await first.done;
  const second = startBurst(gate, 1);
  await Promise.resolve();
  second.hooks[0]();
  expect(gate.limit).toBe(4);
  second.release();
  await second.done;
});

test("the limit climbs back quickly below the throttled level and slowly at it", async () => {
  const gate = await throttledAt8();
  expect(gate.limit).toBe(4);
  const backlog = startBurst(gate, 200); // enough work waiting for a probe to pay off
  for (let i = 0; i < 4; i++) gate.succeeded();
  expect(gate.limit).toBe(5);
  for (let i = 0; i < 5 + 6; i++) gate.succeeded();
  expect(gate.limit).toBe(7); // just below the throttled 8
  for (let i = 0; i < 69; i++) gate.succeeded();
  expect(gate.limit).toBe(7); // probing at the ceiling takes ten rounds
  gate.succeeded();
  expect(gate.limit).toBe(8);
  backlog.release();
  await backlog.done;
});

test("no probe while fewer requests wait than the rounds it would take", async () => {
  const gate = await throttledAt8();
  const tail = startBurst(gate, 7 + 69); // at most 72 waiting, fewer than 7 × 10 once at 7
  for (let i = 0; i < 4 + 5 + 6; i++) gate.succeeded();
  expect(gate.limit).toBe(7); // the climb below the throttled level is not held back
  for (let i = 0; i < 200; i++) gate.succeeded();
  expect(gate.limit).toBe(7); // the probe at 8 is: near the end a refusal could only cost
  tail.release();
  await tail.done;
});

test("never more tasks at once than the limit", async () => {
  const gate = new AdaptiveConcurrency(3);
  let running = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 20 }, () =>
      gate.run(async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
      }),
    ),
  );
  expect(most).toBe(3);
});

test("a refused probe steps back by one, not by half, and the next probe waits twice as long", async () => {
  const gate = await throttledAt8();
  const backlog = startBurst(gate, 400); // enough work waiting for probes to pay off
  for (let i = 0; i < 4 + 5 + 6; i++) gate.succeeded();
  expect(gate.limit).toBe(7);
  for (let i = 0; i < 70; i++) gate.succeeded();
  expect(gate.limit).toBe(8); // the probe
  await new Promise((resolve) => setImmediate(resolve));
  (backlog.hooks.at(-1) as () => void)(); // the request the probe let in is refused
  expect(gate.limit).toBe(7); // refused: back to the level below, not 4
  for (let i = 0; i < 139; i++) gate.succeeded();
  expect(gate.limit).toBe(7); // twenty rounds now, not ten
  gate.succeeded();
  expect(gate.limit).toBe(8);
  backlog.release();
  await backlog.done;
});

test("the wave opens at the first answer with the settled limit in flight, and goes out whole", async () => {
  const gate = new AdaptiveConcurrency(16, 128);
  // Page 0 alone: its answer says nothing of how many the server takes at once.
  const first = startBurst(gate, 1);
  await Promise.resolve();
  gate.succeeded();
  first.release();
  await first.done;
  expect(gate.limit).toBe(16);

  const wave = await waveAfterFirstAnswer(gate);
  expect(gate.limit).toBe(128);
  expect(wave.hooks).toHaveLength(99);
  wave.release();
  await wave.done;
});

test("a server that refuses part of the first 16 never sees the wave", async () => {
  const gate = new AdaptiveConcurrency(16, 128);
  const wave = startBurst(gate, 99);
  await Promise.resolve();
  expect(wave.hooks).toHaveLength(16);
  for (const throttled of wave.hooks.slice(4)) throttled(); // a server that allows 4
  expect(gate.limit).toBe(8);
  gate.succeeded(); // its 4 answers come after the refusals: they open nothing now
  expect(gate.limit).toBe(8);
  wave.release();
  await wave.done;
  const next = startBurst(gate, 20);
  await Promise.resolve();
  expect(next.hooks).toHaveLength(8);
  next.release();
  await next.done;
  const backlog = startBurst(gate, 400); // enough work waiting for probes to pay off
  for (let i = 0; i < 1000; i++) gate.succeeded();
  expect(gate.limit).toBe(16); // climbs back to the settled limit, never to the wave
  backlog.release();
  await backlog.done;
});

test("a wave refused after it opened falls back to half the settled limit", async () => {
  const gate = new AdaptiveConcurrency(16, 128);
  const wave = await waveAfterFirstAnswer(gate);
  expect(wave.hooks).toHaveLength(99);
  for (const throttled of wave.hooks.slice(20)) throttled();
  expect(gate.limit).toBe(8);
  wave.release();
  await wave.done;
});
