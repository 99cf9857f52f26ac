// Its own file, without zod, so that the emulator (which names categories) starts without the
// query rules.
/**
 * Repository categories, as the official SDKs list them (the API reference page omits `windows`).
 * A repository the server reports in another category is kept as it is.
 */
export const CATEGORIES = [
  "app_server",
  "linux",
  "framework_app",
  "database",
  "lang",
  "other",
  "windows",
  "arm",
] as const;
/** A repository category. */
export type Category = (typeof CATEGORIES)[number];
