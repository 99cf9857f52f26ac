/**
 * The temporary credentials the emulator hands out (as IAM and the ECS metadata service do): each an
 * AK, SK and security token that SWR accepts until it expires.
 */
import { Random } from "./random";

/** One set of temporary credentials, as the emulator holds it. */
export interface IssuedCredentials {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly securityToken: string;
  /** Milliseconds since the epoch, on the emulator's clock. */
  readonly expiresAt: number;
  /** Who they were issued for: `metadata`, or `agency <domain>/<name>`. */
  readonly issuedFor: string;
}

const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALNUM = UPPER_ALNUM + "abcdefghijklmnopqrstuvwxyz";
const TOKEN_ALPHABET = ALNUM + "-_";

/** What IAM and the metadata service answer: `{"credential": {access, secret, securitytoken, expires_at}}`. */
export function credentialBody(issued: IssuedCredentials): string {
  return JSON.stringify({
    credential: {
      access: issued.accessKey,
      secret: issued.secretKey,
      securitytoken: issued.securityToken,
      expires_at: new Date(issued.expiresAt).toISOString(),
    },
  });
}

/** Issues temporary credentials and finds them again by access key. */
export class CredentialIssuer {
  readonly #byAccessKey = new Map<string, IssuedCredentials>();
  readonly #random: Random;
  readonly #clock: () => number;

  constructor(seed: number, clock: () => number) {
    // A stream of its own, so issuing never disturbs the data's or the faults'.
    this.#random = new Random(seed ^ 0x7e3c0ffe);
    this.#clock = clock;
  }

  /** New credentials valid for `seconds` from now. */
  issue(seconds: number, issuedFor: string): IssuedCredentials {
    const issued: IssuedCredentials = {
      accessKey: this.#random.string(UPPER_ALNUM, 20),
      secretKey: this.#random.string(ALNUM, 40),
      securityToken: "gQpjbi1ub3J0aC00" + this.#random.string(TOKEN_ALPHABET, 200),
      expiresAt: this.#clock() + seconds * 1000,
      issuedFor,
    };
    this.#byAccessKey.set(issued.accessKey, issued);
    return issued;
  }

  /** The credentials issued with this access key, expired or not. */
  find(accessKey: string): IssuedCredentials | undefined {
    return this.#byAccessKey.get(accessKey);
  }

  /** Every set issued so far, oldest first. */
  all(): IssuedCredentials[] {
    return [...this.#byAccessKey.values()];
  }

  /** Makes every set issued so far expire now, as if time had passed (tests of renewal after a 401). */
  expireAll(): void {
    const now = this.#clock();
    for (const [key, issued] of this.#byAccessKey)
      this.#byAccessKey.set(key, { ...issued, expiresAt: now - 1 });
  }
}
