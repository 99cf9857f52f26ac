import type { Cell } from "./sections/matrix";
import type { CliStartResult } from "./sections/cliStart";
import type { CompressionResult } from "./sections/compression";
import type { PluginStartResult } from "./sections/pluginStart";
import type { InventoryResult } from "./sections/inventory";
import type { InvokeFloorResult } from "./sections/invokeFloor";
import type { PreviewResult } from "./sections/preview";
import type { ThrottlingResult } from "./sections/throttling";
import type { Stamped } from "./lib/util";

/** bench/results.json: each section's latest result, so a section can be rerun alone. */
export interface Results {
  readonly version: 2;
  readonly machine: { readonly platform: string; readonly node: string; readonly cpus: number };
  readonly sections: Sections;
  /** Target id → the committed summary of the profile taken when it was missed (relative to bench/). */
  readonly profiles: Record<string, { readonly file: string; readonly date: string }>;
}

export interface Sections {
  matrix?: Stamped<{ readonly runs: number; readonly concurrency: number; readonly cells: Cell[] }>;
  ties?: Stamped<{ readonly runs: number; readonly slowRuns: number; readonly cells: Cell[] }>;
  cliStart?: Stamped<CliStartResult>;
  pluginStart?: Stamped<PluginStartResult>;
  preview?: Stamped<PreviewResult>;
  inventory?: Stamped<InventoryResult>;
  invokeFloor?: Stamped<InvokeFloorResult>;
  throttling?: Stamped<ThrottlingResult>;
  compression?: Stamped<CompressionResult>;
}

/** The 0 ms figures of "today" (bench/baseline.json). */
export interface Baseline {
  readonly source: string;
  readonly cells: ReadonlyArray<{ readonly n: number; readonly ms: Readonly<Record<string, number>> }>;
}
