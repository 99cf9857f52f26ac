/**
 * The old path of SDK-HMAC-SHA256 signing, now in `http/signature.ts`; kept while `emulator/auth.ts`
 * still imports it from here.
 */
export * from "./http/signature";
