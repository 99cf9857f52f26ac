import type { ServerResponse } from "node:http";
import type { Random } from "./random";
import { gatewayErrorReply, swrErrorReply, writeReply, type Reply } from "./responses";
import type { FaultKind } from "./types";

/** Every fault kind, the default for `faultKinds`. */
export const FAULT_KINDS: readonly FaultKind[] = [
  "throttle",
  "too-many",
  "busy",
  "server",
  "bad-gateway",
  "unavailable",
  "gateway-timeout",
  "reset",
  "truncate",
];

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
 * Delivers a fault in place of `listing`, the response the request would otherwise get.
 * Returns the status written, or `undefined` when the connection dies before any status.
 */
export function injectFault(
  kind: FaultKind,
  res: ServerResponse,
  listing: Reply,
  requestId: string,
  random: Random,
): number | undefined {
  switch (kind) {
    case "reset":
      res.destroy();
      return undefined;
    case "truncate":
      sendTruncated(res, listing);
      return listing.status;
    default: {
      const reply = faultReply(kind, requestId, random);
      writeReply(res, reply);
      return reply.status;
    }
  }
}

function faultReply(
  kind: Exclude<FaultKind, "reset" | "truncate">,
  requestId: string,
  random: Random,
): Reply {
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

/** Promises the whole body in `Content-Length`, sends half of it, then drops the connection. */
function sendTruncated(res: ServerResponse, listing: Reply): void {
  const body = Buffer.from(listing.body, "utf8");
  res.writeHead(listing.status, { ...listing.headers, "Content-Length": String(body.length) });
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
}
