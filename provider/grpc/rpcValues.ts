/**
 * The signature that marks a secret among property values on the plugin protocol: an object whose
 * key {@link SECRET_SIGNATURE_KEY} holds {@link SECRET_SIGNATURE} and whose `value` is the secret
 * (Pulumi's `specialSigKey` and `specialSecretSig`). Written here so that the plugin need not
 * load the Node SDK's runtime, a second of start-up, for two constants.
 */
export const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
/** The value under {@link SECRET_SIGNATURE_KEY} that marks a secret. */
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

function isWrappedSecret(value: object): value is { value?: unknown } {
  return (value as Record<string, unknown>)[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE;
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
