import type { ImageTag } from "./model/imageTag";
import { escapeControls, SERVER_TEXT_LIMITS, serverText } from "./untrustedText";

/**
 * Stable error codes, one per failure kind, so callers can branch without parsing messages.
 * - `SWR_ERR_INVALID_INPUT`: a query or setting broke a rule; no request was sent.
 * - `SWR_ERR_API`: the server answered with an error status.
 * - `SWR_ERR_NETWORK`: the request never got a complete answer (reset, timeout, truncated body).
 * - `SWR_ERR_RESPONSE`: the server answered 200 with something that is not what SWR documents.
 * - `SWR_ERR_LISTING`: the pages did not add up to one exact listing (the set moved, or ties could not be resolved).
 * - `SWR_ERR_ABORTED`: the caller's `AbortSignal` fired or the deadline passed.
 * - `SWR_ERR_NO_SINGLE_IMAGE`: the tags were listed, and none or several images matched an image selector.
 * - `SWR_ERR_CREDENTIALS`: temporary credentials could not be obtained or renewed (metadata service, IAM).
 */
export type SwrErrorCode =
  | "SWR_ERR_INVALID_INPUT"
  | "SWR_ERR_API"
  | "SWR_ERR_NETWORK"
  | "SWR_ERR_RESPONSE"
  | "SWR_ERR_LISTING"
  | "SWR_ERR_ABORTED"
  | "SWR_ERR_NO_SINGLE_IMAGE"
  | "SWR_ERR_CREDENTIALS";

/** What every pulumi-swr error carries besides its message. */
export interface SwrErrorDetails {
  /** HTTP status of the response that failed, when there was one. */
  readonly statusCode?: number;
  /** `X-Request-Id` of the response that failed: quote it to Huawei support. */
  readonly requestId?: string;
  /** The underlying error. */
  readonly cause?: unknown;
}

/** Rewrites text before it is shown: the client passes one that removes every configured secret. */
export type Redact = (text: string) => string;

const keep: Redact = (text) => text;

/**
 * Base class of every error this package throws. Its message and fields are safe to print: control
 * characters in them are escaped (see `escapeControls`), and server text in them is cut to a sane
 * length. The client also removes every configured secret from them before they reach the caller.
 */
export class SwrError extends Error {
  readonly code: SwrErrorCode;
  readonly statusCode?: number;
  readonly requestId?: string;
  /** Builds the message from the raw parts, so redaction sees the text before it is cut. */
  readonly #compose: (redact: Redact) => string;
  #rawRequestId?: string;

  constructor(
    code: SwrErrorCode,
    message: string | ((redact: Redact) => string),
    details: SwrErrorDetails = {},
  ) {
    const compose = typeof message === "string" ? (redact: Redact) => redact(message) : message;
    super(escapeControls(compose(keep)), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.statusCode = details.statusCode;
    this.#compose = compose;
    this.#rawRequestId = details.requestId;
    this.requestId = requestIdText(details.requestId);
  }

  /**
   * Applies `redact` to the message, the server's fields and the cause, in place, and returns the
   * error. The client calls it with its secrets before an error leaves a listing; a server that
   * echoes a token back then cannot make us print it.
   */
  redactSecrets(redact: Redact): this {
    this.#rawRequestId = this.#rawRequestId === undefined ? undefined : redact(this.#rawRequestId);
    const message = escapeControls(this.#compose(redact));
    const stack = this.stack ?? "";
    // V8 put the first message in the stack's first line; the frames below it are our own code.
    const frames = stack.indexOf("\n    at ");
    Object.assign(this, {
      message,
      requestId: requestIdText(this.#rawRequestId),
      stack: `${this.name}: ${message}${frames < 0 ? "" : stack.slice(frames)}`,
    });
    redactCause(this.cause, redact);
    return this;
  }
}

function requestIdText(requestId: string | undefined): string | undefined {
  return requestId === undefined ? undefined : serverText(requestId, SERVER_TEXT_LIMITS.requestId);
}

/** A cause that is not ours (a JSON `SyntaxError` quoting the body, a TLS error quoting the certificate). */
function redactCause(cause: unknown, redact: Redact): void {
  if (cause instanceof SwrError) cause.redactSecrets(redact);
  else if (cause instanceof Error) {
    // An own property, so that a read-only `message` (a DOMException's, e.g. a deadline's
    // TimeoutError, is a getter on its prototype) is shadowed instead of throwing.
    Object.defineProperty(cause, "message", {
      value: escapeControls(redact(cause.message)),
      configurable: true,
      writable: true,
    });
    if (cause.stack)
      Object.defineProperty(cause, "stack", {
        value: redact(cause.stack),
        configurable: true,
        writable: true,
      });
    redactCause(cause.cause, redact);
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
    // Rules may quote what was given (or, for a selection, tags the server sent): escaped here,
    // so every reader of `issues` (the CLI, the plugin's failures) prints them safely.
    const safe = issues.map((i) => ({ field: escapeControls(i.field), rule: escapeControls(i.rule) }));
    super("SWR_ERR_INVALID_INPUT", safe.map((i) => `${i.field}: ${i.rule}`).join("; "));
    this.issues = safe;
  }
}

/**
 * The server answered with an error status. `serverCode`, `serverMessage` and `requestId` are the
 * server's, escaped and cut (code 64, message 300, request id 128 characters).
 */
export class SwrApiError extends SwrError {
  /** The server's own error code, e.g. `APIG.0301` or `SVCSTG.SWR.4001028`. */
  readonly serverCode?: string;
  /** The server's own message. */
  readonly serverMessage?: string;
  /** The server's `Retry-After`, in ms, when it sent one. */
  readonly retryAfterMs?: number;
  #raw: ServerText;

  constructor(
    statusCode: number,
    serverCode: string | undefined,
    serverMessage: string | undefined,
    requestId: string | undefined,
    retryAfterMs?: number,
  ) {
    const raw: ServerText = { serverCode, serverMessage };
    super(
      "SWR_ERR_API",
      (redact) => {
        const { serverCode: code, serverMessage: message } = shownServerText(raw, redact);
        const id = requestIdText(requestId && redact(requestId)) ?? "none";
        return `SWR answered HTTP ${statusCode}${code ? ` ${code}` : ""}${message ? `: ${message}` : ""} (request id ${id})`;
      },
      { statusCode, requestId },
    );
    this.#raw = raw;
    Object.assign(this, shownServerText(raw, keep));
    this.retryAfterMs = retryAfterMs;
  }

  override redactSecrets(redact: Redact): this {
    Object.assign(this, shownServerText(this.#raw, redact));
    return super.redactSecrets(redact);
  }
}

/** The server's code and message as an error holds them. */
interface ServerText {
  readonly serverCode?: string;
  readonly serverMessage?: string;
}

function shownServerText(raw: ServerText, redact: Redact): ServerText {
  const { serverCode, serverMessage } = raw;
  return {
    serverCode:
      serverCode === undefined ? undefined : serverText(redact(serverCode), SERVER_TEXT_LIMITS.code),
    serverMessage:
      serverMessage === undefined ? undefined : serverText(redact(serverMessage), SERVER_TEXT_LIMITS.message),
  };
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

/**
 * A 200 response that is not what SWR documents (bad JSON, a field of the wrong type, a malformed header).
 * The rule may quote what the server sent: it is escaped and cut like a server message.
 */
export class SwrResponseError extends SwrError {
  /** The field (or header) that was wrong, e.g. `[3].size` or `Content-Range`. */
  readonly field: string;

  constructor(field: string, rule: string, details: SwrErrorDetails = {}) {
    super(
      "SWR_ERR_RESPONSE",
      (redact) =>
        `SWR response is invalid at ${serverText(redact(field), SERVER_TEXT_LIMITS.message)}: ` +
        `${serverText(redact(rule), SERVER_TEXT_LIMITS.message)} ` +
        `(request id ${requestIdText(details.requestId && redact(details.requestId)) ?? "none"})`,
      details,
    );
    this.field = serverText(field, SERVER_TEXT_LIMITS.message);
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

/** Why {@link selectImage} could not pick one image. */
export type SelectionFailure = "none" | "several";

/**
 * The tags were listed, and no tag, or more than one image, matched the image selector (code
 * `SWR_ERR_NO_SINGLE_IMAGE`). The message names the candidates and `field` the selector's key at
 * fault; `candidates` holds them, most recently updated first — the matching tags when several
 * images matched, every tag of the listing when none did.
 */
export class SwrSelectionError extends SwrError {
  readonly reason: SelectionFailure;
  /** The selector's key whose value matched none or several images, e.g. `selector.tag`. */
  readonly field: string;
  /** What was found instead, as the message says it. */
  readonly rule: string;
  readonly candidates: readonly ImageTag[];

  constructor(reason: SelectionFailure, field: string, rule: string, candidates: readonly ImageTag[]) {
    super("SWR_ERR_NO_SINGLE_IMAGE", `${escapeControls(field)}: ${escapeControls(rule)}`);
    this.reason = reason;
    this.field = escapeControls(field);
    this.rule = escapeControls(rule);
    this.candidates = candidates;
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

/**
 * Temporary credentials could not be obtained or renewed: `source` names where they were asked for
 * (the ECS metadata service, IAM's assume-role call). Never retried by a listing: each attempt at
 * IAM with bad keys counts towards locking them.
 */
export class SwrCredentialsError extends SwrError {
  /** Where the credentials were asked for, e.g. `the ECS metadata service at http://169.254.169.254`. */
  readonly source: string;

  constructor(source: string, message: string, details: SwrErrorDetails = {}) {
    super("SWR_ERR_CREDENTIALS", `${source}: ${message}`, details);
    this.source = source;
  }
}
