import type { ServerResponse } from "node:http";
import type { Random } from "./random";
import {
  bodyBytes,
  encodeReply,
  gatewayErrorReply,
  swrErrorReply,
  writeReply,
  type Reply,
} from "./responses";
import type { FaultKind } from "./faultKinds";
import type { CompressionMode } from "./types";

/** Faults that answer 200 with a body that is wrong on the wire, rather than an error status. */
type BodyFault = "truncate" | "chunked-cut" | "short-length" | "endless" | "trickle";

const BODY_FAULTS: ReadonlySet<FaultKind> = new Set<BodyFault>([
  "truncate",
  "chunked-cut",
  "short-length",
  "endless",
  "trickle",
]);

/** A load balancer's page rather than JSON: clients must not assume every error body parses. */
const BAD_GATEWAY_HTML =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
  "<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

/** Draws whether this request fails, and how: `undefined` means serve it normally. */
export function drawFault(rate: number, kinds: readonly FaultKind[], random: Random): FaultKind | undefined {
  if (rate <= 0 || kinds.length === 0 || !random.chance(rate)) return undefined;
  return random.pick(kinds);
}

/**
 * The gateway's throttling answer (429 `APIG.0308`). Only some carry `Retry-After`, as in
 * practice, so clients must back off on their own too.
 */
export function throttleReply(requestId: string, random: Random): Reply {
  const retryAfter: Record<string, string> = random.chance(0.5) ? { "Retry-After": "1" } : {};
  return gatewayErrorReply(
    429,
    "APIG.0308",
    "The throttling threshold has been reached: policy user over ratelimit, limit:20, time:1 second",
    requestId,
    retryAfter,
  );
}

/**
 * Delivers a fault in place of `listing`, the response the request would otherwise get (its body
 * compressed as `compression` and the request call for). Returns the status written, or `undefined`
 * when the connection dies before any status.
 */
export function injectFault(
  kind: FaultKind,
  res: ServerResponse,
  listing: Reply,
  requestId: string,
  random: Random,
  compression?: CompressionMode,
): number | undefined {
  if (kind === "reset") {
    res.destroy();
    return undefined;
  }
  if (BODY_FAULTS.has(kind)) {
    sendBodyFault(kind as BodyFault, res, listing, compression).catch(() => res.destroy());
    return listing.status;
  }
  const reply = faultReply(kind as Exclude<FaultKind, "reset" | BodyFault>, requestId, random);
  writeReply(res, reply, compression);
  return reply.status;
}

function faultReply(kind: Exclude<FaultKind, "reset" | BodyFault>, requestId: string, random: Random): Reply {
  switch (kind) {
    case "throttle":
      return throttleReply(requestId, random);
    case "too-many":
      return swrErrorReply(403, "SVCSTG.SWR.4031042", "Too many requests, please try again later");
    case "busy":
      return swrErrorReply(409, "SVCSTG.SWR.4090023", "The system is busy, please try again later");
    case "server":
      return swrErrorReply(500, "SVCSTG.SWR.5000008", "Internal server error: Failed to obtain the list");
    case "bad-gateway":
      return { status: 502, headers: { "Content-Type": "text/html" }, body: BAD_GATEWAY_HTML };
    case "unavailable":
      return gatewayErrorReply(503, "APIG.0202", "Backend unavailable", requestId);
    case "gateway-timeout":
      return gatewayErrorReply(504, "APIG.0201", "Backend timeout", requestId);
  }
}

/** The interval of the `trickle` fault: slower than any sane idle timeout is patient, never silent for long. */
const TRICKLE_INTERVAL_MS = 1000;

async function sendBodyFault(
  kind: BodyFault,
  res: ServerResponse,
  listing: Reply,
  compression: CompressionMode | undefined,
): Promise<void> {
  if (kind === "endless") return sendEndless(res, listing);
  const { status, headers, body } = await encodeReply(res, listing, compression);
  if (res.destroyed) return;
  const half = body.subarray(0, Math.floor(body.length / 2));
  switch (kind) {
    case "truncate":
      // Promises the whole body, sends half of it, then drops the connection.
      res.writeHead(status, { ...headers, "Content-Length": String(body.length) });
      res.write(half, () => res.destroy());
      return;
    case "chunked-cut":
      // No length: the client learns of the cut only from the missing last chunk.
      res.writeHead(status, { ...headers, "Transfer-Encoding": "chunked" });
      res.write(half, () => res.destroy());
      return;
    case "short-length":
      // A well-formed message whose length was computed on a cut body (as a broken gateway does).
      res.writeHead(status, { ...headers, "Content-Length": String(half.length) });
      res.end(half);
      return;
    case "trickle":
      return sendTrickle(res, status, headers, body);
  }
}

/** The whole body with an honest length, one byte at a time: never idle for long, never done in time. */
function sendTrickle(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: Buffer,
): void {
  res.writeHead(status, { ...headers, "Content-Length": String(body.length) });
  res.flushHeaders();
  let sent = 0;
  const timer = setInterval(() => {
    if (sent < body.length) res.write(body.subarray(sent, sent + 1));
    sent++;
    if (sent >= body.length) {
      clearInterval(timer);
      res.end();
    }
  }, TRICKLE_INTERVAL_MS);
  res.once("close", () => clearInterval(timer));
}

/**
 * A JSON array that never closes: the page's rows over and over, written only as fast as the client
 * reads (so the emulator's own memory stays flat), until the client hangs up.
 */
function sendEndless(res: ServerResponse, listing: Reply): void {
  const body = bodyBytes(listing);
  let chunk =
    body.length > 2 ? Buffer.concat([body.subarray(1, -1), Buffer.from(",")]) : Buffer.from(" ".repeat(4096));
  while (chunk.length < 64 * 1024) chunk = Buffer.concat([chunk, chunk]);
  res.writeHead(listing.status, { ...listing.headers, "Transfer-Encoding": "chunked" });
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once("drain", pump);
  };
  res.write("[");
  pump();
}
