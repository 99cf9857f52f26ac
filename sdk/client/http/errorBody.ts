import { z } from "zod";

/** Error bodies come in four shapes; all carry a code and a message under one of two spellings. */
const errorObjectSchema = z.looseObject({
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
  detail: z.unknown().optional(),
  request_id: z.string().optional(),
});

/** The server's code, message and request id from an error body, whichever shape it came in. */
export interface ServerError {
  readonly code?: string;
  readonly message?: string;
  readonly requestId?: string;
}

/**
 * Reads an error body of any documented shape; an unreadable body yields its text as the message.
 * The text is the server's, raw: `SwrApiError` escapes and cuts it (after the client's
 * redaction has seen it whole, so a secret is never cut in two and half of it shown).
 */
export function parseErrorBody(text: string): ServerError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    return trimmed ? { message: trimmed } : {};
  }
  const first = Array.isArray(json) ? json[0] : json;
  const parsed = errorObjectSchema.safeParse(first);
  if (!parsed.success) return {};
  const e = parsed.data;
  const detail = typeof e.detail === "string" && e.detail ? ` (${e.detail})` : "";
  const message = e.errorMessage ?? e.error_msg;
  return {
    code: e.errorCode ?? e.error_code,
    message: message === undefined ? undefined : message + detail,
    requestId: e.request_id,
  };
}
