/** Output formats of `swr-repos list` and `swr-repos tags`. */
export const FORMATS = ["table", "json", "csv"] as const;
/** An output format. */
export type Format = (typeof FORMATS)[number];
