import { pipeline, Readable, Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

/** What the client asks for: every coding Node's zlib decodes without a dependency. */
export const ACCEPT_ENCODING = "gzip, deflate, br";

const DECODERS: Readonly<Record<string, () => Transform>> = {
  gzip: createGunzip,
  "x-gzip": createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Codings a server may stack (`Content-Encoding: gzip, br`); more than this is refused, as curl does. */
const MAX_CODINGS = 2;

/** The body outgrew the cap, counted after decompression. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the response body exceeded ${formatBytes(limit)}`);
    this.name = "BodyTooLargeError";
  }
}

/** The server used a `Content-Encoding` this client cannot decode. */
export class UnsupportedEncodingError extends Error {
  constructor(readonly encoding: string) {
    super(`the response's Content-Encoding ${JSON.stringify(encoding)} cannot be decoded`);
    this.name = "UnsupportedEncodingError";
  }
}

/** `33554432` → `32 MiB`; sizes that are not whole MiB in bytes. */
export function formatBytes(bytes: number): string {
  return bytes % 2 ** 20 === 0 ? `${bytes / 2 ** 20} MiB` : `${bytes} bytes`;
}

/** The decoders for `Content-Encoding`, in the order to apply them (the last coding applied is undone first). */
function decodersFor(contentEncoding: string | undefined): Transform[] {
  const codings = (contentEncoding ?? "")
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
  if (codings.length > MAX_CODINGS) throw new UnsupportedEncodingError(contentEncoding ?? "");
  return codings.reverse().map((coding) => {
    const decoder = DECODERS[coding];
    if (!decoder) throw new UnsupportedEncodingError(coding);
    return decoder();
  });
}

/** Tears a body down; undici then reports the abort as an error, which nobody needs to hear. */
function discard(body: Readable): void {
  body.on("error", () => undefined);
  body.destroy();
}

/**
 * Reads a whole body as UTF-8, undoing its `Content-Encoding`, and fails with a
 * {@link BodyTooLargeError} as soon as the decoded bytes pass `limit`. Decoding is pulled chunk by
 * chunk, so a compression bomb or an endless body costs at most `limit` plus a chunk of memory
 * before the request is torn down.
 */
export async function readBody(
  body: Readable,
  contentEncoding: string | undefined,
  limit: number,
): Promise<string> {
  let decoders: Transform[];
  try {
    decoders = decodersFor(contentEncoding);
  } catch (error) {
    discard(body);
    throw error;
  }
  // Failures reach the reader through the last stream, which pipeline() destroys with them.
  if (decoders.length > 0) pipeline([body, ...decoders], () => undefined);
  const source: Readable = decoders.at(-1) ?? body;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > limit) throw new BodyTooLargeError(limit);
      chunks.push(buffer);
    }
  } catch (error) {
    // Ends the request when reading stopped early (the cap, a decoding error): no more is downloaded.
    discard(body);
    throw error;
  }
  return Buffer.concat(chunks, size).toString("utf8");
}

/**
 * True when `text` is the start of a JSON array or object that ended before it closed — a body cut
 * short, which trying again can mend — as opposed to something that is not JSON at all.
 */
export function isCutShortJson(text: string): boolean {
  let depth = 0;
  let inString = false;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (!started) {
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
      if (c !== 0x5b && c !== 0x7b) return false;
      started = true;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) {
      depth--;
      if (depth === 0) return false;
    }
  }
  return started && (depth > 0 || inString);
}
