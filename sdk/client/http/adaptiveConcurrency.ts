/** The longest wait between probes, in rounds, so a server that allows more again is found. */
const MAX_PROBE_ROUNDS = 160;

/**
 * A semaphore whose limit adapts to throttling. A throttled request halves the limit, but only
 * once per burst: requests that started before the last decrease were sent at the old limit, so
 * their 429s say nothing new (without this, one burst of 12 refusals would halve 16 down to 1).
 * The limit then climbs back by one per `limit` successes up to just below the level that was
 * throttled, and above that probes only every ten rounds, and only while at least that many rounds
 * of requests wait. A refused probe steps back by one instead of halving (the level below was just
 * fine) and doubles the rounds before the next probe. A listing against a server that allows fewer
 * concurrent requests than asked settles at that allowance instead of failing or sawing.
 */
export class AdaptiveConcurrency {
  private limitNow: number;
  private active = 0;
  private successes = 0;
  /** Bumped on every decrease; a request remembers the epoch it started in. */
  private epoch = 0;
  /** The lowest limit that has been throttled (the server's allowance is below it). */
  private ceiling: number;
  /** Rounds of successes at the level below the ceiling before probing it; doubles on each refused probe. */
  private probeRounds = 10;
  private readonly waiting: Array<() => void> = [];
  /** The wider limit not yet opened (see the constructor), or `undefined` once opened or refused. */
  private unopenedWave: number | undefined;

  /**
   * @param max the limit the gate settles at and climbs back to.
   * @param wave a wider limit (at least `max`) that opens when the server first answers a request
   *   while `max` are in flight, and only if it has not throttled: the rest of a listing's pages then
   *   go out at once, one round trip, instead of `pages / max` of them. Until then the gate holds
   *   `max`, so a server that allows fewer refuses a burst of `max`, not of the whole wave (each
   *   refusal may carry a `Retry-After` the retry must wait out); its first 429 drops the limit to
   *   half of `max` and the wave never opens.
   */
  constructor(
    private readonly max: number,
    wave: number = max,
  ) {
    this.limitNow = max;
    this.ceiling = max + 1;
    if (wave > max) this.unopenedWave = wave;
  }

  /** The current limit. */
  get limit(): number {
    return this.limitNow;
  }

  /**
   * Runs `task` when a slot is free. `task` gets a function to call if the server throttled it;
   * the gate counts that signal only if the request started after the last decrease.
   */
  async run<T>(task: (throttled: () => void) => Promise<T>): Promise<T> {
    await this.acquire();
    const started = this.epoch;
    try {
      return await task(() => this.throttledAt(started));
    } finally {
      this.active--;
      this.admit();
    }
  }

  /**
   * Records a successful request: the first answered with the gate full opens the wave; after that,
   * after `limit` of them (ten times that at the ceiling), allow one more.
   */
  succeeded(): void {
    if (this.unopenedWave !== undefined && this.active >= this.max) {
      // Answered with the gate full and nothing throttled yet: the server takes `max` at once.
      this.limitNow = this.unopenedWave;
      this.ceiling = this.limitNow + 1;
      this.unopenedWave = undefined;
      this.admit();
      return;
    }
    if (this.limitNow >= this.max) return;
    const probing = this.limitNow >= this.ceiling - 1;
    if (probing && this.waiting.length < this.limitNow * this.probeRounds) {
      // A probe pays off only over the work still waiting, and a refused one may wait out a
      // Retry-After: near the end of a listing that wait is its tail. So probe only while at least
      // as many requests wait as the rounds counted before a probe would carry.
      this.successes = 0;
      return;
    }
    if (++this.successes >= this.limitNow * (probing ? this.probeRounds : 1)) {
      this.limitNow++;
      this.successes = 0;
      this.admit();
    }
  }

  private throttledAt(started: number): void {
    this.unopenedWave = undefined;
    if (started !== this.epoch) return;
    const probe = this.limitNow === this.ceiling;
    if (probe) this.probeRounds = Math.min(this.probeRounds * 2, MAX_PROBE_ROUNDS);
    this.ceiling = Math.min(this.ceiling, this.limitNow, this.max + 1);
    const from = Math.min(this.limitNow, this.max);
    this.limitNow = Math.max(1, probe ? from - 1 : Math.floor(from / 2));
    this.successes = 0;
    this.epoch++;
  }

  private acquire(): Promise<void> {
    if (this.active < this.limitNow) {
      this.active++;
      return Promise.resolve();
    }
    // The slot is taken on the waiter's behalf in admit(), so no other caller can slip in between.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private admit(): void {
    while (this.active < this.limitNow && this.waiting.length > 0) {
      this.active++;
      (this.waiting.shift() as () => void)();
    }
  }
}
