/**
 * Stable error codes, one per failure kind, so callers can branch without parsing messages.
 * - `SWR_ERR_INVALID_INPUT`: a query or setting broke a rule; no request was sent.
 * - `SWR_ERR_API`: the server answered with an error status.
 * - `SWR_ERR_NETWORK`: the request never got a complete answer (reset, timeout, truncated body).
 * - `SWR_ERR_RESPONSE`: the server answered 200 with something that is not what SWR documents.
 * - `SWR_ERR_LISTING`: the pages did not add up to one exact listing (the set moved, or ties could not be resolved).
 * - `SWR_ERR_ABORTED`: the caller's `AbortSignal` fired or the deadline passed.
 */
export type SwrErrorCode =
  | "SWR_ERR_INVALID_INPUT"
  | "SWR_ERR_API"
  | "SWR_ERR_NETWORK"
  | "SWR_ERR_RESPONSE"
  | "SWR_ERR_LISTING"
  | "SWR_ERR_ABORTED";

/** What every pulumi-swr error carries besides its message. */
export interface SwrErrorDetails {
  /** HTTP status of the response that failed, when there was one. */
  readonly statusCode?: number;
  /** `X-Request-Id` of the response that failed: quote it to Huawei support. */
  readonly requestId?: string;
  /** The underlying error. */
  readonly cause?: unknown;
}

/** Base class of every error this package throws. */
export class SwrError extends Error {
  readonly code: SwrErrorCode;
  readonly statusCode?: number;
  readonly requestId?: string;

  constructor(code: SwrErrorCode, message: string, details: SwrErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.statusCode = details.statusCode;
    this.requestId = details.requestId;
  }
}

/** One broken rule: the field (a dotted path such as `filter.namespace`) and what the rule is. */
export interface InputIssue {
  readonly field: string;
  readonly rule: string;
}

/** A query or a setting broke a rule. Thrown before any request is sent. */
export class SwrInputError extends SwrError {
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[]) {
    super("SWR_ERR_INVALID_INPUT", issues.map((i) => `${i.field}: ${i.rule}`).join("; "));
    this.issues = issues;
  }
}

/** The server answered with an error status. */
export class SwrApiError extends SwrError {
  /** The server's own error code, e.g. `APIG.0301` or `SVCSTG.SWR.4001028`. */
  readonly serverCode?: string;
  /** The server's own message. */
  readonly serverMessage?: string;
  /** The server's `Retry-After`, in ms, when it sent one. */
  readonly retryAfterMs?: number;

  constructor(
    statusCode: number,
    serverCode: string | undefined,
    serverMessage: string | undefined,
    requestId: string | undefined,
    retryAfterMs?: number,
  ) {
    super(
      "SWR_ERR_API",
      `SWR answered HTTP ${statusCode}` +
        (serverCode ? ` ${serverCode}` : "") +
        (serverMessage ? `: ${serverMessage}` : "") +
        ` (request id ${requestId ?? "none"})`,
      { statusCode, requestId },
    );
    this.serverCode = serverCode;
    this.serverMessage = serverMessage;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The request got no complete answer: connection refused or reset, timeout, truncated body, bad certificate. */
export class SwrNetworkError extends SwrError {
  /** False when trying again cannot help (the server's certificate was refused). */
  readonly retryable: boolean;

  constructor(message: string, details: SwrErrorDetails & { readonly retryable?: boolean } = {}) {
    super("SWR_ERR_NETWORK", message, details);
    this.retryable = details.retryable ?? true;
  }
}

/** A 200 response that is not what SWR documents (bad JSON, a field of the wrong type, a malformed header). */
export class SwrResponseError extends SwrError {
  /** The field (or header) that was wrong, e.g. `[3].size` or `Content-Range`. */
  readonly field: string;

  constructor(field: string, rule: string, details: SwrErrorDetails = {}) {
    super(
      "SWR_ERR_RESPONSE",
      `SWR response is invalid at ${field}: ${rule} (request id ${details.requestId ?? "none"})`,
      details,
    );
    this.field = field;
  }
}

/**
 * Why a listing could not be made exact: the set moved under it, tie groups at page boundaries
 * could not be recovered, it would take too many pages, or the server ignored every documented
 * order the client can page in.
 */
export type ListingFailure = "set-changed" | "incomplete" | "too-many-pages" | "unordered";

/** The pages did not add up to one exact listing. */
export class SwrListingError extends SwrError {
  readonly reason: ListingFailure;

  constructor(reason: ListingFailure, message: string, details: SwrErrorDetails = {}) {
    super("SWR_ERR_LISTING", message, details);
    this.reason = reason;
  }
}

/** The caller's `AbortSignal` fired, or the listing's deadline passed. */
export class SwrAbortError extends SwrError {
  constructor(message: string, cause?: unknown) {
    super("SWR_ERR_ABORTED", message, { cause });
  }
}

/** The error for an aborted signal: a passed deadline (a `TimeoutError` reason) says so. */
export function abortErrorFor(signal: AbortSignal | undefined): SwrAbortError {
  const reason: unknown = signal?.reason;
  // Duck-typed: the DOMException may come from another realm (test runners), where instanceof fails.
  const timedOut = (reason as { name?: unknown } | undefined)?.name === "TimeoutError";
  return new SwrAbortError(
    timedOut ? "the listing did not finish before its deadline" : "the listing was aborted",
    reason,
  );
}
