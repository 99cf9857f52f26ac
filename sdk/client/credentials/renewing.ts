import { abortErrorFor } from "../errors";
import { CredentialProvider, Credentials, secretsOf, TemporaryCredentials } from "./credentials";

/**
 * How long before they expire temporary credentials are renewed: ten minutes, as Terraform's
 * provider renews them, or half their lifetime when that is shorter (a request signed just before
 * expiry may still be on its way, and a listing runs many of them).
 */
export const RENEWAL_MARGIN_MS = 10 * 60_000;

/** What a renewing provider needs. */
export interface RenewingSource {
  /** The source, as messages name it. */
  readonly source: string;
  /** Asks the source for new temporary credentials. */
  readonly obtain: () => Promise<TemporaryCredentials>;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  /** Secrets of what the source itself holds (the base keys of an assumed agency), for redaction. */
  readonly baseSecrets?: () => readonly string[];
}

/**
 * A provider of temporary credentials from one source: obtained on first use, renewed from that
 * same source when less than the margin remains, and once more after the server refused them as
 * expired. Concurrent requests share one renewal, so a listing with sixteen requests in flight asks
 * the source once.
 */
export function renewingCredentials(from: RenewingSource): CredentialProvider {
  let held: { readonly credentials: TemporaryCredentials; readonly renewAt: number } | undefined;
  let pending: Promise<TemporaryCredentials> | undefined;
  const seen: string[] = [];

  const renew = (): Promise<TemporaryCredentials> => {
    pending ??= (async () => {
      const obtainedAt = from.clock();
      try {
        const credentials = await from.obtain();
        const expiresAt = credentials.expiresAt.getTime();
        const margin = Math.min(RENEWAL_MARGIN_MS, Math.max(0, expiresAt - obtainedAt) / 2);
        held = { credentials, renewAt: expiresAt - margin };
        seen.push(...secretsOf(credentials));
        return credentials;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  return {
    source: from.source,
    current(signal) {
      if (held !== undefined && from.clock() < held.renewAt) return Promise.resolve(held.credentials);
      return abortable(renew(), signal);
    },
    async renewAfterRefusal(used: Credentials, signal) {
      if (used.kind !== "aksk" || used.securityToken === undefined) return undefined;
      // Another request already renewed them: use those.
      if (held !== undefined && held.credentials.securityToken !== used.securityToken)
        return held.credentials;
      const fresh = await abortable(renew(), signal);
      return fresh.securityToken === used.securityToken ? undefined : fresh;
    },
    secrets: () => [...(from.baseSecrets?.() ?? []), ...seen],
  };
}

/** `promise`, or an abort error as soon as `signal` fires (the shared renewal itself goes on for the others). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(abortErrorFor(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortErrorFor(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
