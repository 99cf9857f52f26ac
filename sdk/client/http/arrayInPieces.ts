import { jsonText } from "./jsonText";

/**
 * Bytes of a JSON array body parsed at a time (then the rest of the row the cut falls in). A page's
 * text parsed whole (half a MiB for 1,000 repositories) is one of V8's large objects: mapped on its
 * own, faulted in page by page, unmapped when it dies; on this project's 2-core machine that cost
 * nearly as much as inflating it. A piece of 40 KiB makes a text of at most 120 KiB (each byte of a
 * non-ASCII character becomes at most three characters of its `\uXXXX` escape: `é`, two bytes, is
 * six), under V8's 128 KiB for ordinary objects, which live and die in the young generation's
 * reused memory.
 */
export const PIECE_BYTES = 40 * 1024;

/** `},{`: the end of one object in an array and the start of the next, as a compact array writes them. */
const ROW_BREAK = Buffer.from("},{");

/**
 * The elements of the JSON array `bytes` (UTF-8), parsed in pieces of about {@link PIECE_BYTES}
 * cut at a `},{` between two objects: exactly what `JSON.parse` makes of the whole text.
 * Returns `undefined` for the caller to parse the body whole (which also says what is wrong
 * with it) when the body does not start with `[` and end with `]`, or when any piece fails.
 *
 * Why pieces that all parse give the same elements as the whole:
 * - each piece is parsed as `[` + piece + `]`, so it parses only if it is a list of whole values,
 *   balanced in brackets and quotes on its own;
 * - a `},{` inside a string, or inside a nested object, makes a piece that is not: it ends inside a
 *   string or with a bracket left open, so it fails, and the body is parsed whole instead;
 * - so when every piece parses, every cut fell between two elements of the array, and the pieces'
 *   elements, in order, are the array's.
 */
export function parseArrayInPieces(bytes: Uint8Array): unknown[] | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const close = buffer.length - 1;
  if (buffer.length < 2 || buffer[0] !== OPEN_BRACKET || buffer[close] !== CLOSE_BRACKET) return undefined;
  const elements: unknown[] = [];
  for (let from = 1; from < close;) {
    // Cut only where the rest is well over a piece, so the last piece is not a sliver.
    const cut = close - from > PIECE_BYTES * 1.5 ? buffer.indexOf(ROW_BREAK, from + PIECE_BYTES) : -1;
    const to = cut < 0 ? close : cut + 1;
    const text = jsonText(buffer.subarray(from, to));
    if (text === undefined) return undefined;
    let piece: unknown[];
    try {
      piece = JSON.parse(`[${text}]`) as unknown[];
    } catch {
      return undefined;
    }
    for (const element of piece) elements.push(element);
    from = to + 1;
  }
  return elements;
}

const OPEN_BRACKET = "[".charCodeAt(0);
const CLOSE_BRACKET = "]".charCodeAt(0);
