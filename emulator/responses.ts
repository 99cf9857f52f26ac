import type { ServerResponse } from "node:http";
import type { CatalogPage } from "./catalog";

/** A complete HTTP response, before it is written. */
export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const JSON_TYPE = { "Content-Type": "application/json" };

/**
 * The body shape SWR's services use per error code. Real SWR mixes shapes between endpoints
 * and versions; spreading them over the codes makes clients parse every one of them.
 */
const SWR_ERROR_SHAPES: Record<string, "object" | "list" | "snake"> = {
  "SVCSTG.SWR.4001028": "object",
  "SVCSTG.SWR.4001025": "list",
  "SVCSTG.SWR.4000056": "snake",
  "SVCSTG.SWR.4000014": "object",
  "SVCSTG.SWR.4001035": "list",
  "SVCSTG.SWR.4031042": "snake",
  "SVCSTG.SWR.4090023": "object",
  "SVCSTG.SWR.5000008": "list",
};

/** A 200 listing; `Content-Range` only when the caller paged with `limit` and `offset`. */
export function listReply(page: CatalogPage, offset: number | undefined): Reply {
  const headers: Record<string, string> = { ...JSON_TYPE };
  if (offset !== undefined) headers["Content-Range"] = `${offset}-${page.count}/${page.total}`;
  return { status: 200, headers, body: page.body };
}

/** An error from the SWR service itself, in the body shape SWR uses for `code`. */
export function swrErrorReply(status: number, code: string, message: string): Reply {
  const shape = SWR_ERROR_SHAPES[code] ?? "list";
  const body =
    shape === "object"
      ? { errorCode: code, errorMessage: message }
      : shape === "snake"
        ? { error_code: code, error_msg: message }
        : [{ errorCode: code, errorMessage: message, detail: "" }];
  return { status, headers: JSON_TYPE, body: JSON.stringify(body) };
}

/** An error from Huawei's API gateway (`APIG.*`), which always echoes the request id in the body. */
export function gatewayErrorReply(
  status: number,
  code: string,
  message: string,
  requestId: string,
  extraHeaders: Readonly<Record<string, string>> = {},
): Reply {
  return {
    status,
    headers: { ...JSON_TYPE, ...extraHeaders },
    body: JSON.stringify({ error_code: code, error_msg: message, request_id: requestId }),
  };
}

/** Writes a reply with an exact `Content-Length` (bytes, not characters: descriptions may be non-ASCII). */
export function writeReply(res: ServerResponse, reply: Reply): void {
  const body = Buffer.from(reply.body, "utf8");
  res.writeHead(reply.status, { ...reply.headers, "Content-Length": String(body.length) });
  res.end(body);
}
