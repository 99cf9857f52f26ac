/**
 * The old path of the debug log, now in `http/debug.ts`; kept while `provider/handler.ts` still
 * imports `debugFromEnv` from here.
 */
export * from "./http/debug";
