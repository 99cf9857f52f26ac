import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime";

function isWrappedSecret(value: object): value is { value?: unknown } {
  return (value as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

/**
 * Invoke arguments as plain JSON. An engine that accepted our `acceptSecrets` sends secrets wrapped
 * in its signature object (the Node SDK unwraps them before invoking, other SDKs may not); the
 * plugin only reads them, so they are unwrapped here. `null` means "not given" and is dropped, as
 * `undefined` is by the Node SDK.
 */
export function plainArgs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainArgs);
  if (value === null || typeof value !== "object") return value;
  if (isWrappedSecret(value)) return plainArgs(value.value ?? null);
  const plain: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const unwrapped = plainArgs(item);
    if (unwrapped !== null && unwrapped !== undefined) plain[key] = unwrapped;
  }
  return plain;
}
