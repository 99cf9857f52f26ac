import { z } from "zod";
import { SwrCredentialsError } from "../errors";
import { isHeaderSafe } from "../http/authenticatedRequest";
import { serverText, SERVER_TEXT_LIMITS } from "../untrustedText";
import { TemporaryCredentials } from "./credentials";
import { CredentialResponse } from "./credentialRequest";

/**
 * `{"credential": {"access", "secret", "securitytoken", "expires_at"}}`: what the ECS metadata
 * service and IAM's assume-role call both answer. Everything else in the body is ignored.
 */
const headerValue = z.string().refine(isHeaderSafe);
const credentialAnswer = z.object({
  credential: z.object({
    access: headerValue,
    secret: headerValue,
    securitytoken: headerValue,
    expires_at: z.string().min(1),
  }),
});

/**
 * Reads temporary credentials from a credential source's answer with status `expected`; anything
 * else is a {@link SwrCredentialsError} naming the source, keeping the server's code and request id
 * but never quoting a body that may hold a credential.
 */
export function readTemporaryCredentials(
  response: CredentialResponse,
  expected: number,
  source: string,
): TemporaryCredentials {
  const id =
    response.requestId === undefined
      ? ""
      : ` (request id ${serverText(response.requestId, SERVER_TEXT_LIMITS.requestId)})`;
  if (response.status !== expected)
    throw new SwrCredentialsError(
      source,
      `answered HTTP ${response.status}${errorCode(response.body)}${id}`,
      {
        statusCode: response.status,
        requestId: response.requestId,
      },
    );
  let parsed: z.infer<typeof credentialAnswer>;
  try {
    parsed = credentialAnswer.parse(JSON.parse(response.body));
  } catch {
    throw new SwrCredentialsError(
      source,
      `answered without credential.access, secret, securitytoken and expires_at that a header can carry${id}`,
      { statusCode: response.status, requestId: response.requestId },
    );
  }
  const { access, secret, securitytoken, expires_at } = parsed.credential;
  const expiresAt = new Date(expires_at);
  if (Number.isNaN(expiresAt.getTime()))
    throw new SwrCredentialsError(source, `answered an expires_at that is not a date${id}`);
  return { kind: "aksk", accessKey: access, secretKey: secret, securityToken: securitytoken, expiresAt };
}

/** The server's error code and message from an error body (IAM's `error.code`/`error.message`, the gateway's `error_code`). */
function errorCode(body: string): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return "";
  }
  const record = (value ?? {}) as Record<string, unknown>;
  const nested = (record.error ?? {}) as Record<string, unknown>;
  const code = record.error_code ?? nested.code;
  const message = record.error_msg ?? nested.message;
  const parts = [code, message].filter((p): p is string => typeof p === "string" && p !== "");
  return parts.length === 0 ? "" : " " + serverText(parts.join(": "), SERVER_TEXT_LIMITS.message);
}
