/**
 * The emulator's ECS metadata service: `PUT /meta-data/latest/api/token` gives a session token,
 * `GET /openstack/latest/securitykey` the temporary credentials of the instance's agency.
 */
import { randomUUID } from "node:crypto";
import type { Reply } from "./responses";
import { credentialBody, type CredentialIssuer, type IssuedCredentials } from "./temporaryCredentials";

/** The metadata service's paths. */
export const METADATA_TOKEN_PATH = "/meta-data/latest/api/token";
export const SECURITY_KEY_PATH = "/openstack/latest/securitykey";

/** The metadata service of one emulated instance: its session tokens and how long its credentials last. */
export class MetadataService {
  readonly #tokens = new Set<string>();

  constructor(
    private readonly issuer: CredentialIssuer,
    private readonly credentialSeconds: () => number,
  ) {}

  /** `PUT /meta-data/latest/api/token`: a session token. */
  token(): Reply {
    const token = randomUUID();
    this.#tokens.add(token);
    return { status: 200, headers: { "Content-Type": "text/plain" }, body: token };
  }

  /**
   * `GET /openstack/latest/securitykey`: fresh credentials. A session token is not required (older
   * instances have none), but one that was not issued here is refused.
   */
  securityKey(sessionToken: string | undefined): { reply: Reply; issued?: IssuedCredentials } {
    if (sessionToken !== undefined && !this.#tokens.has(sessionToken))
      return {
        reply: { status: 401, headers: { "Content-Type": "text/plain" }, body: "invalid X-Metadata-Token" },
      };
    const issued = this.issuer.issue(this.credentialSeconds(), "metadata");
    return {
      reply: { status: 200, headers: { "Content-Type": "application/json" }, body: credentialBody(issued) },
      issued,
    };
  }
}
