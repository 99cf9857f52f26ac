/**
 * A faithful emulator of Huawei Cloud SWR's `GET /v2/manage/repos`, for tests, benchmarks
 * and trying the client without an account.
 */
export { startEmulator } from "./server";
export { seedRepositories } from "./data";
export { FAULT_KINDS } from "./faults";
export type {
  EmulatorOptions,
  EmulatorSettings,
  EmulatorStats,
  FaultKind,
  RunningEmulator,
  WireRepository,
} from "./types";
