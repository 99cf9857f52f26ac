/**
 * The transient failures the emulator can inject into `GET /v2/manage/repos` and the tag list, each
 * with whether it is drawn when `faultKinds` is unset. The slow ones, `endless` and `trickle`, hold a
 * request for as long as the client lets them, so they are drawn only when named.
 */
const FAULTS = {
  /** 429 with the gateway body `APIG.0308`. */
  throttle: { drawnByDefault: true },
  /** 403 `SVCSTG.SWR.4031042` ("too many requests"). */
  "too-many": { drawnByDefault: true },
  /** 409 `SVCSTG.SWR.4090023` ("system busy"). */
  busy: { drawnByDefault: true },
  /** 500 `SVCSTG.SWR.5000008` ("failed to obtain the list"). */
  server: { drawnByDefault: true },
  /** 502 from the load balancer, with an HTML body. */
  "bad-gateway": { drawnByDefault: true },
  /** 503 from the gateway. */
  unavailable: { drawnByDefault: true },
  /** 504 from the gateway (backend timeout). */
  "gateway-timeout": { drawnByDefault: true },
  /** The socket is destroyed before any byte of a response. */
  reset: { drawnByDefault: true },
  /** 200 with the full `Content-Length`, half the body, then the socket is destroyed. */
  truncate: { drawnByDefault: true },
  /** 200, chunked, half the body, then the socket is destroyed without the last chunk. */
  "chunked-cut": { drawnByDefault: true },
  /** 200 whose `Content-Length` is half the body, and half the body: a complete message, cut-short JSON. */
  "short-length": { drawnByDefault: true },
  /** 200, chunked, a body that never ends (as fast as the client reads). */
  endless: { drawnByDefault: false },
  /** 200 with an honest `Content-Length`, the body at one byte a second. */
  trickle: { drawnByDefault: false },
} as const satisfies Record<string, { readonly drawnByDefault: boolean }>;

/** A transient failure the emulator can inject (see {@link ALL_FAULT_KINDS}). */
export type FaultKind = keyof typeof FAULTS;

/** Every fault kind, the slow ones included. */
export const ALL_FAULT_KINDS: readonly FaultKind[] = Object.keys(FAULTS) as FaultKind[];

/** The faults drawn by default (`faultKinds` unset): every kind but the slow ones. */
export const FAULT_KINDS: readonly FaultKind[] = ALL_FAULT_KINDS.filter(
  (kind) => FAULTS[kind].drawnByDefault,
);
