import { constants } from "node:buffer";
import { Readable } from "node:stream";
import { brotliDecompress, gunzip, inflate } from "node:zlib";

/** What the client asks for: every coding Node's zlib decodes without a dependency. */
export const ACCEPT_ENCODING = "gzip, deflate, br";

/** A one-shot zlib decoder: the whole input in, the whole output (or an error) out, on libuv's thread pool. */
type Decoder = (
  input: Buffer,
  options: { readonly chunkSize: number; readonly maxOutputLength: number },
  done: (error: Error | null, output: Buffer) => void,
) => void;

const DECODERS: Readonly<Record<string, Decoder>> = {
  gzip: gunzip,
  "x-gzip": gunzip,
  deflate: inflate,
  br: brotliDecompress,
};

/** Codings a server may stack (`Content-Encoding: gzip, br`); more than this is refused, as curl does. */
const MAX_CODINGS = 2;

/**
 * The output zlib fills per trip to the thread pool. Its default (16 KiB) makes a page of a few
 * hundred KiB thirty-odd trips, each a wake-up of a pool thread and a callback: three times the
 * CPU of the inflating itself. One MiB decodes a page in one trip.
 */
const DECODED_CHUNK_BYTES = 2 ** 20;

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
function decodersFor(contentEncoding: string | undefined): Decoder[] {
  const codings = (contentEncoding ?? "")
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
  if (codings.length > MAX_CODINGS) throw new UnsupportedEncodingError(contentEncoding ?? "");
  return codings.reverse().map((coding) => {
    const decoder = DECODERS[coding];
    if (!decoder) throw new UnsupportedEncodingError(coding);
    return decoder;
  });
}

/** Tears a body down; undici then reports the abort as an error, which nobody needs to hear. */
function discard(body: Readable): void {
  body.on("error", () => undefined);
  body.destroy();
}

/**
 * Reads a whole body as bytes, undoing its `Content-Encoding`, and fails with a
 * {@link BodyTooLargeError} as soon as the bytes received, or those decoded from them, pass
 * `limit`. A compressed body is read whole, then decoded in one call on libuv's thread pool (a
 * stream of small chunks costs several times the CPU); zlib stops that call as soon as its output
 * passes `limit`, so a compression bomb or an endless body costs at most about twice `limit` of
 * memory before the request is torn down. (A compressed body larger than `limit` is refused too:
 * deflate and brotli add a few bytes per block to data they cannot shrink, so only a body within a
 * hair of the cap could decode below it.)
 */
export async function readBody(
  body: Readable,
  contentEncoding: string | undefined,
  limit: number,
): Promise<Buffer> {
  let decoders: Decoder[];
  try {
    decoders = decodersFor(contentEncoding);
  } catch (error) {
    discard(body);
    throw error;
  }
  let bytes = await receive(body, limit);
  for (const decoder of decoders) bytes = await decodeWhole(decoder, bytes, limit);
  return bytes;
}

/** The body's bytes as they came, up to `limit`; the request ends as soon as they pass it. */
async function receive(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > limit) throw new BodyTooLargeError(limit);
      chunks.push(buffer);
    }
  } catch (error) {
    // Ends the request when reading stopped early (the cap): no more is downloaded.
    discard(body);
    throw error;
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}

/** `input` decoded by `decoder` in one call, failing with {@link BodyTooLargeError} once the output passes `limit`. */
function decodeWhole(decoder: Decoder, input: Buffer, limit: number): Promise<Buffer> {
  // zlib takes a bound of 1 byte to the largest Buffer, and output chunks of at least 64 bytes.
  const bound = Math.max(1, Math.min(limit, constants.MAX_LENGTH));
  const options = { chunkSize: Math.max(64, Math.min(bound, DECODED_CHUNK_BYTES)), maxOutputLength: bound };
  return new Promise((resolve, reject) =>
    decoder(input, options, (error, output) => {
      const tooLarge = error
        ? (error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE"
        : output.length > limit;
      if (tooLarge) reject(new BodyTooLargeError(limit));
      else if (error) reject(error);
      else resolve(output);
    }),
  );
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
