import { isAscii } from "node:buffer";

/**
 * A JSON body's bytes as text that `JSON.parse` reads exactly as it reads the body decoded as
 * UTF-8, but made faster: every run of non-ASCII bytes is decoded on its own and written as
 * `\uXXXX` escapes, so the text is one byte per character (Latin-1, a copy) instead of a UTF-8
 * decoding of the whole body into a two-byte string. A page of repositories is nearly all ASCII
 * (a few CJK descriptions), and this halves the cost of decoding and parsing it.
 *
 * Why the parse is the same:
 * - UTF-8 resynchronises at every ASCII byte (an ASCII byte never belongs to a multi-byte
 *   sequence, and a sequence cut by one decodes to U+FFFD before it either way), so decoding each
 *   run of bytes ≥ 0x80 alone gives the same characters as decoding the whole body.
 * - In valid JSON those characters can only stand inside strings, where a raw character and its
 *   `\uXXXX` escape (a surrogate pair as two) are the same code units. Outside a string both
 *   forms are a syntax error.
 * - The one place an escape would change the meaning is right after a backslash that is not
 *   itself escaped (`\` then `é` is invalid JSON; `\` then `\u00e9` would be valid). There the
 *   body is decoded as UTF-8 whole instead, and its parse fails as it should.
 *
 * Returns `undefined` in that case, for the caller to decode the body as text.
 */
export function jsonText(bytes: Uint8Array): string | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isAscii(buffer)) return buffer.toString("latin1");
  const parts: string[] = [];
  let from = 0;
  const end = buffer.length;
  // Blocks that are all ASCII are skipped by `isAscii` (SIMD), not byte by byte.
  for (let block = 0; block < end; block += BLOCK_BYTES) {
    const blockEnd = Math.min(end, block + BLOCK_BYTES);
    if (blockEnd <= from || isAscii(buffer.subarray(Math.max(block, from), blockEnd))) continue;
    for (let i = Math.max(block, from); i < blockEnd; i++) {
      if (buffer[i] < 0x80) continue;
      if (escapedByBackslash(buffer, i)) return undefined;
      let j = i + 1;
      while (j < end && buffer[j] >= 0x80) j++;
      parts.push(buffer.toString("latin1", from, i), escapes(buffer.toString("utf8", i, j)));
      from = j;
      i = j - 1;
    }
  }
  parts.push(buffer.toString("latin1", from, end));
  return parts.join("");
}

/** Bytes per block that `isAscii` checks at once before looking byte by byte. */
const BLOCK_BYTES = 512;

/** Whether the byte at `at` follows an odd run of backslashes: the last of them escapes it. */
function escapedByBackslash(buffer: Buffer, at: number): boolean {
  let backslashes = 0;
  for (let k = at - 1; k >= 0 && buffer[k] === 0x5c; k--) backslashes++;
  return backslashes % 2 === 1;
}

const HEX = "0123456789abcdef";

/** Every UTF-16 code unit of `text` as a JSON `\uXXXX` escape. */
function escapes(text: string): string {
  let out = "";
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    out += "\\u" + HEX[c >> 12] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
  }
  return out;
}
