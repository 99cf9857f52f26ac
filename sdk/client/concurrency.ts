/**
 * A semaphore whose limit adapts to throttling (additive increase, multiplicative decrease):
 * a throttled request halves the limit, and each run of `limit` successes raises it by one,
 * up to the configured maximum. A listing against a server that allows fewer concurrent
 * requests than asked settles just under that allowance instead of failing.
 */
export class AdaptiveConcurrency {
  private limitNow: number;
  private active = 0;
  private successes = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {
    this.limitNow = max;
  }

  /** The current limit. */
  get limit(): number {
    return this.limitNow;
  }

  /** Runs `task` when a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.active--;
      this.admit();
    }
  }

  /** Records a throttled request: halve the limit (never below one). */
  throttled(): void {
    this.limitNow = Math.max(1, Math.floor(this.limitNow / 2));
    this.successes = 0;
  }

  /** Records a successful request: after `limit` of them in a row, allow one more. */
  succeeded(): void {
    if (this.limitNow >= this.max) return;
    if (++this.successes >= this.limitNow) {
      this.limitNow++;
      this.successes = 0;
      this.admit();
    }
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
