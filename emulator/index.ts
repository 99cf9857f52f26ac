/**
 * A faithful emulator of Huawei Cloud SWR's `GET /v2/manage/repos` and its tag list, for tests,
 * benchmarks and trying the client without an account.
 */
export { startEmulator } from "./server";
export { seedRepositories } from "./seededRepositories";
export { tagDetails } from "./synthesizedImages";
export { TAGS_NOT_FOUND_CODE } from "./tagList";
export type { IssuedCredentials } from "./temporaryCredentials";
export { ALL_FAULT_KINDS, FAULT_KINDS, type FaultKind } from "./faultKinds";
export { combineDialects, DIALECT_NAMES, DIALECTS, type Dialect, type DialectName } from "./dialect";
export type {
  CompressionMode,
  EmulatorOptions,
  EmulatorSettings,
  EmulatorStats,
  RunningEmulator,
  WireRepository,
  WireTag,
} from "./types";
