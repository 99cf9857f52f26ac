/**
 * Text a server chose (error codes and messages, request ids, repository and tag fields) is
 * untrusted: printed raw, an ESC starts a terminal control sequence (rewrite the screen, set the
 * window title, hide text), a CR or LF forges a line of our own output, and a bidi override reorders
 * what the reader sees. Everything here turns such text into plain, visible characters.
 */

/**
 * The characters escaped: C0 controls (tab, CR and LF included), DEL, C1 controls (0x9B is a CSI on
 * its own in 8-bit terminals), the Unicode line and paragraph separators, and the bidi embedding,
 * override, isolate and mark characters.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** True when `text` holds a character {@link escapeControls} would escape. */
export function hasControls(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

/**
 * `text` with every control character written as a visible escape: `\n`, `\r`, `\t`, `\x1b`, `\u202e`.
 * Printable text, backslashes included, is left alone, so the result reads like the original and
 * escaping twice changes nothing.
 *
 * @example
 * escapeControls("evil\x1b]0;owned\x07") // → "evil\\x1b]0;owned\\x07"
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/**
 * `text` cut to at most `max` characters (code points, so a surrogate pair is never split), saying how
 * much was cut: `…(1234 more characters)`.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points.slice(0, max).join("")}…(${points.length - max} more characters)`;
}

/** The most characters of each kind of server text an error message keeps. */
export const SERVER_TEXT_LIMITS = { code: 64, message: 300, requestId: 128 } as const;

/** Server text for a message: cut to `max` characters, then escaped. */
export function serverText(text: string, max: number): string {
  return escapeControls(cutText(text, max));
}
