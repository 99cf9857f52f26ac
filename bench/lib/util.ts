import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** The repository root (the compiled bench runs from dist/bench/…). */
export const ROOT = path.resolve(__dirname, "..", "..", "..");
export const DIST = path.join(ROOT, "dist");
/** The built CLI, `swr-repos`. */
export const CLI = path.join(DIST, "cli", "index.js");
/** The built plugin, as `pulumi-resource-swr` starts it. */
export const PROVIDER = path.join(DIST, "provider", "index.js");

/** The official SDK writes ~/.huaweicloud/application_id; contenders get a home of their own. */
export const HOME = mkdtempSync(path.join(tmpdir(), "pulumi-swr-bench-home-"));

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** `median (min–max)`, or `—` for a figure not measured (NaN, which JSON stores as null). */
export function fmt(ms: Summary, digits = 0): string {
  if (typeof ms.median !== "number" || !Number.isFinite(ms.median)) return "—";
  return `${ms.median.toFixed(digits)} (${ms.min.toFixed(digits)}–${ms.max.toFixed(digits)})`;
}

export function thousands(n: number): string {
  return n.toLocaleString("en");
}

/** The value of `--name`, or `fallback`. */
export function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

export function hasFlag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

export function numbers(name: string, fallback: string): number[] {
  return flag(name, fallback).split(",").map(Number);
}

export function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/**
 * Times each of `starts` once as a discarded warm-up, then `runs` times, alternating: each run in a
 * rotated order, so that none always follows the same one. The samples by name, ms.
 */
export async function alternating<K extends string>(
  starts: Readonly<Record<K, () => Promise<number>>>,
  runs: number,
): Promise<Record<K, number[]>> {
  const kinds = Object.keys(starts) as K[];
  const samples = Object.fromEntries(kinds.map((kind) => [kind, [] as number[]])) as Record<K, number[]>;
  for (const kind of kinds) await starts[kind]();
  for (let run = 0; run < runs; run++)
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[(i + run) % kinds.length];
      samples[kind].push(await starts[kind]());
    }
  return samples;
}

/** What every section's result carries: how and when it was measured. */
export interface Stamped<T> {
  readonly command: string;
  readonly date: string;
  readonly data: T;
}

/** Pages of 1,000 a listing of `n` repositories takes (at least one). */
export function pagesOf(n: number): number {
  return Math.max(1, Math.ceil(n / 1000));
}

/**
 * The latency limit of a listing of `n` repositories at `latencyMs` a request: the round trips
 * alone, `ceil(pages / concurrency) × latency`, with no time to transfer, parse or sort.
 */
export function latencyLimit(n: number, latencyMs: number, concurrency: number): number {
  return Math.ceil(pagesOf(n) / concurrency) * latencyMs;
}

/** The same limit for a client that waits for each page in turn: `pages × latency`. */
export function sequentialLimit(n: number, latencyMs: number): number {
  return pagesOf(n) * latencyMs;
}
