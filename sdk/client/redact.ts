import { planSecrets } from "./credentials/credentialChain";
import { Redact, SwrError } from "./errors";
import { ResolvedSettings } from "./resolveSettings";

/** What stands in for a secret in a message or a log line. */
export const REDACTED = "[redacted]";

/**
 * Secrets shorter than this are not searched for. Real ones are far longer (an SK has 40 characters,
 * a token thousands); replacing a one-letter test token everywhere would garble every message, and
 * a secret this short is guessed sooner than read off a log.
 */
export const MIN_REDACTED_LENGTH = 8;

/**
 * A function that replaces every occurrence of each secret in a text with `[redacted]`, as it is and
 * percent-encoded (a server may echo a query or a URL). A secret cut short is found too: any run of
 * at least {@link MIN_REDACTED_LENGTH} of its first characters (a server, or `JSON.parse` quoting a
 * body, may quote only the start). Secrets shorter than that are ignored. Longer secrets are
 * replaced first, so a secret that contains another is removed whole.
 *
 * @example
 * const redact = createRedactor([process.env.HW_AUTH_TOKEN]);
 * console.error(redact(error.message));
 */
export function createRedactor(secrets: Iterable<string | undefined>): Redact {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_REDACTED_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => ordered.reduce(redactStarts, text);
}

/** `text` with every run of `secret`'s first characters, at least the minimum long, replaced. */
function redactStarts(text: string, secret: string): string {
  const start = secret.slice(0, MIN_REDACTED_LENGTH);
  let out = "";
  let from = 0;
  for (let at = text.indexOf(start); at >= 0; at = text.indexOf(start, from)) {
    let end = at + MIN_REDACTED_LENGTH;
    while (end - at < secret.length && end < text.length && text[end] === secret[end - at]) end++;
    out += text.slice(from, at) + REDACTED;
    from = end;
  }
  return out + text.slice(from);
}

/**
 * The secrets of resolved settings: the secret key, the security token, the IAM token, and a proxy
 * URL's user and password, as given and decoded (a server may echo either form). Temporary
 * credentials obtained later are their provider's to add.
 */
export function settingsSecrets(settings: ResolvedSettings): string[] {
  const { credentials, proxy } = settings;
  const own = planSecrets(credentials);
  const proxyCredentials = [proxy?.http, proxy?.https].flatMap((url) =>
    url
      ? [url.password, decodeURIComponent(url.password), url.username, decodeURIComponent(url.username)]
      : [],
  );
  return [...own, ...proxyCredentials].filter((s): s is string => s !== undefined && s !== "");
}

/**
 * `error` with `redact` applied, when it is one of ours; anything else is a bug and passes unchanged.
 * The client applies it where it runs every call (`SwrClient`'s `#list` and `#stream`): every error
 * built from a response leaves the client there.
 */
export function redactError(error: unknown, redact: Redact): unknown {
  return error instanceof SwrError ? error.redactSecrets(redact) : error;
}
