/**
 * A small seeded PRNG (mulberry32) so that the same seed always gives the same data,
 * credentials and fault sequence.
 */
export class Random {
  private state: number;

  /** Starts a sequence; equal seeds give equal sequences. */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** `length` characters drawn from `alphabet`. */
  string(alphabet: string, length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** `count` distinct integers from [0, size), in random order (a partial Fisher–Yates over a sparse swap map). */
  sample(size: number, count: number): number[] {
    const swapped = new Map<number, number>();
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(this.next() * (size - i));
      out.push(swapped.get(j) ?? j);
      swapped.set(j, swapped.get(i) ?? i);
    }
    return out;
  }

  /** Shuffles `items[start, end)` in place (Fisher–Yates). */
  shuffle<T>(items: T[], start = 0, end = items.length): void {
    for (let i = end - 1; i > start; i--) {
      const j = start + Math.floor(this.next() * (i - start + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
  }
}
