/**
 * What authenticates a request, and where it comes from: a provider that hands out credentials
 * valid now, renewing temporary ones from their own source.
 */

/** How requests authenticate: an access key pair (temporary when it has a security token), or an IAM token. */
export type Credentials =
  | {
      readonly kind: "aksk";
      readonly accessKey: string;
      readonly secretKey: string;
      readonly securityToken?: string;
    }
  | { readonly kind: "token"; readonly token: string };

/** Temporary AK/SK credentials, as the metadata service and IAM hand them out. */
export interface TemporaryCredentials {
  readonly kind: "aksk";
  readonly accessKey: string;
  readonly secretKey: string;
  readonly securityToken: string;
  /** When they stop working. */
  readonly expiresAt: Date;
}

/**
 * Where a client's credentials come from. Long-lived keys are handed out as given; temporary ones
 * are obtained on first use and renewed before they expire.
 */
export interface CredentialProvider {
  /** The source, as a message names it, e.g. `the KooCLI profile "dev" in /home/me/.hcloud/config.json`. */
  readonly source: string;
  /** Credentials valid now, obtained or renewed first when needed. */
  current(signal?: AbortSignal): Promise<Credentials>;
  /**
   * After the server refused `used` (401): fresh credentials when `used` were temporary and renewing
   * gives others, else `undefined` (long-lived keys are never tried again: five failures lock the AK).
   */
  renewAfterRefusal(used: Credentials, signal?: AbortSignal): Promise<Credentials | undefined>;
  /** Every secret held so far (secret keys, security tokens, IAM tokens), to remove from messages. */
  secrets(): readonly string[];
}

/** The secrets one set of credentials carries. */
export function secretsOf(credentials: Credentials): string[] {
  return credentials.kind === "token"
    ? [credentials.token]
    : [credentials.secretKey, credentials.securityToken].filter((s): s is string => s !== undefined);
}

/** A provider of credentials that never change (keys or a token from settings, the environment or a profile). */
export function fixedCredentials(credentials: Credentials, source: string): CredentialProvider {
  return {
    source,
    current: () => Promise.resolve(credentials),
    renewAfterRefusal: () => Promise.resolve(undefined),
    secrets: () => secretsOf(credentials),
  };
}
