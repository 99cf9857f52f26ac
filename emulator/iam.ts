/**
 * The emulator's IAM: `POST /v3.0/OS-CREDENTIAL/securitytokens` with method `assume_role`, AK/SK-signed,
 * answering 201 with temporary credentials of the agency, as Huawei's IAM does.
 */
import { z } from "zod";
import type { AuthOutcome } from "./auth";
import { authenticationFailedReply, type Reply } from "./responses";
import { credentialBody, type CredentialIssuer, type IssuedCredentials } from "./temporaryCredentials";

/** The path of IAM's temporary-credentials call. */
export const SECURITY_TOKENS_PATH = "/v3.0/OS-CREDENTIAL/securitytokens";

/** IAM's limits on `duration_seconds`, and its default. */
const MIN_DURATION = 900;
const MAX_DURATION = 86_400;
const DEFAULT_DURATION = 900;

const assumeRoleBody = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.string()).refine((m) => m.includes("assume_role"), "must include assume_role"),
      assume_role: z.object({
        agency_name: z.string().min(1),
        domain_name: z.string().min(1),
        duration_seconds: z.number().int().min(MIN_DURATION).max(MAX_DURATION).optional(),
      }),
    }),
  }),
});

/** IAM's error body: `{"error": {"code", "message", "title"}}`. */
function iamError(status: number, code: string, message: string, requestId: string): Reply {
  return {
    status,
    headers: { "Content-Type": "application/json", "X-Request-Id": requestId },
    body: JSON.stringify({
      error: { code, message, title: status === 400 ? "Bad Request" : "Unauthorized" },
    }),
  };
}

/**
 * Answers an assume-role call: refused (401, as the gateway says) when `auth` refused the signature,
 * 400 when the body is not an assume-role request, else 201 with fresh credentials of the agency.
 */
export function assumeRoleReply(
  body: string,
  auth: AuthOutcome,
  issuer: CredentialIssuer,
  requestId: string,
): { reply: Reply; issued?: IssuedCredentials } {
  if (!auth.ok)
    return {
      reply: authenticationFailedReply(auth.reason, requestId),
    };
  let parsed: z.infer<typeof assumeRoleBody>;
  try {
    parsed = assumeRoleBody.parse(JSON.parse(body));
  } catch {
    return {
      reply: iamError(
        400,
        "IAM.0011",
        "Request parameter error: expected auth.identity.methods [assume_role] and assume_role " +
          `{agency_name, domain_name, duration_seconds ${MIN_DURATION}..${MAX_DURATION}}`,
        requestId,
      ),
    };
  }
  const role = parsed.auth.identity.assume_role;
  const issued = issuer.issue(
    role.duration_seconds ?? DEFAULT_DURATION,
    `agency ${role.domain_name}/${role.agency_name}`,
  );
  return {
    reply: {
      status: 201,
      headers: { "Content-Type": "application/json", "X-Request-Id": requestId },
      body: credentialBody(issued),
    },
    issued,
  };
}
