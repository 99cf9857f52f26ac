import { Agent, Dispatcher, EnvHttpProxyAgent } from "undici";
import type { InputIssue } from "../errors";
import { PROXY_ENV } from "../settings";

/**
 * Where requests go through a proxy: the proxy for `http://` endpoints, the one for `https://`
 * endpoints, and the `NO_PROXY` list that sends some hosts direct. Credentials in a proxy URL are
 * secrets: show a proxy with {@link displayProxy}, never with `href`.
 */
export interface ProxySettings {
  /** The proxy for `http://` endpoints (`HTTP_PROXY`, or the explicit `proxy`). */
  readonly http?: URL;
  /** The proxy for `https://` endpoints (`HTTPS_PROXY`, then `HTTP_PROXY`, or the explicit `proxy`). */
  readonly https?: URL;
  /** Hosts reached directly, as curl reads `NO_PROXY`: a comma list of `*`, hosts, `.domains` and `host:port`. */
  readonly noProxy: string;
}

function fromEnv(
  env: NodeJS.ProcessEnv,
  names: readonly string[],
): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== "") return { name, value };
  }
  return undefined;
}

/**
 * Parses one proxy URL. A bare `host:port` means `http://host:port`, as curl reads it. The value is
 * never echoed in the rule: it may carry a password.
 */
export function parseProxyUrl(value: string, field: string, issues: InputIssue[]): URL | undefined {
  const rule =
    "must be a proxy URL such as http://proxy.example.com:3128 or http://user:password@proxy.example.com:3128 " +
    "(http:// or https://, a host, an optional port, no path, query or fragment)";
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    issues.push({ field, rule });
    return undefined;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
    issues.push({ field, rule });
    return undefined;
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    issues.push({ field, rule });
    return undefined;
  }
  return url;
}

/**
 * The proxies to use: an explicit `proxy` serves both schemes; otherwise `HTTPS_PROXY` and
 * `HTTP_PROXY` (either case; `HTTP_PROXY` also serves `https://` when `HTTPS_PROXY` is unset, as
 * undici reads them). `NO_PROXY` applies either way, and nothing is bypassed unless it says so —
 * not even loopback. `undefined` when no proxy is configured. A malformed URL is an issue naming
 * the setting or the variable.
 */
export function resolveProxy(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
  issues: InputIssue[],
): ProxySettings | undefined {
  const noProxy = fromEnv(env, PROXY_ENV.noProxy)?.value ?? "";
  if (explicit !== undefined && explicit !== "") {
    const url = parseProxyUrl(explicit, "proxy", issues);
    return url && { http: url, https: url, noProxy };
  }
  const http = fromEnv(env, PROXY_ENV.http);
  const https = fromEnv(env, PROXY_ENV.https);
  if (!http && !https) return undefined;
  const httpUrl = http && parseProxyUrl(http.value, http.name, issues);
  const httpsUrl = https ? parseProxyUrl(https.value, https.name, issues) : httpUrl;
  return { http: httpUrl, https: httpsUrl, noProxy };
}

/** A proxy URL fit to show: `http://[redacted]@proxy.example.com:3128` when it carries credentials. */
export function displayProxy(url: URL): string {
  const credentials = url.username || url.password ? "[redacted]@" : "";
  return `${url.protocol}//${credentials}${url.host}`;
}

/** The proxy a request to `target` would use before `NO_PROXY` is consulted (undici's choice). */
export function proxyFor(proxy: ProxySettings | undefined, target: URL): URL | undefined {
  if (!proxy) return undefined;
  return target.protocol === "https:" ? (proxy.https ?? proxy.http) : proxy.http;
}

/** What the dispatcher needs: pool size, timeouts, the CA bundle for SWR, and the proxies. */
export interface DispatcherSettings {
  readonly connections: number;
  readonly connectTimeoutMs: number;
  readonly ca?: string | Buffer;
  readonly proxy?: ProxySettings;
}

/**
 * A keep-alive pool, behind undici's `EnvHttpProxyAgent` when a proxy is configured. The CA bundle
 * is SWR's (`requestTls`: it verifies the endpoint inside the tunnel); the proxy's own certificate,
 * for an `https://` proxy, is checked against Node's roots (`NODE_EXTRA_CA_CERTS` adds to them).
 */
export function createDispatcher(settings: DispatcherSettings): Dispatcher {
  const tls = { timeout: settings.connectTimeoutMs, ...(settings.ca ? { ca: settings.ca } : {}) };
  const pool = { connections: settings.connections, keepAliveTimeout: 10_000 };
  const proxy = settings.proxy;
  if (!proxy) return new Agent({ ...pool, connect: tls });
  return new EnvHttpProxyAgent({
    ...pool,
    connect: tls,
    requestTls: tls,
    proxyTls: { timeout: settings.connectTimeoutMs },
    // Given explicitly (an empty string for "none"), so undici never reads process.env behind the
    // client's own `env` option.
    httpProxy: proxy.http?.href ?? "",
    httpsProxy: proxy.https?.href ?? "",
    noProxy: proxy.noProxy,
    // As curl does: a plain http:// request goes to the proxy as an absolute URL; https:// tunnels.
    proxyTunnel: false,
  });
}

/** How a request failed at the proxy: the message (naming the proxy, credentials redacted) and whether to retry. */
export interface ProxyFailure {
  readonly message: string;
  readonly retryable: boolean;
}

const TUNNEL_REFUSED = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/;

/**
 * Recognises a failure that happened at `proxy` rather than at SWR: the proxy answered the
 * tunnel (`CONNECT`) with a refusal, asked for credentials (407), or could not be reached.
 * `undefined` when the error is not the proxy's.
 */
export function proxyFailure(error: unknown, proxy: URL | undefined, target: URL): ProxyFailure | undefined {
  if (!proxy) return undefined;
  const shown = displayProxy(proxy);
  const message = error instanceof Error ? error.message : "";
  const refused = TUNNEL_REFUSED.exec(message);
  const status = refused ? Number(refused[1]) : message === "Proxy Authentication Required (407)" ? 407 : 0;
  if (status === 407)
    return {
      message: `proxy ${shown} refused the request: 407 Proxy Authentication Required (check the user and password in the proxy URL)`,
      retryable: false,
    };
  if (status !== 0)
    return {
      message: `proxy ${shown} refused to connect to ${target.host}: HTTP ${status}`,
      // A gateway error from the proxy may pass; a refusal by its policy will not.
      retryable: status >= 500,
    };
  const failure = error as { code?: unknown; address?: unknown; port?: unknown; hostname?: unknown };
  const port = Number(proxy.port || (proxy.protocol === "https:" ? 443 : 80));
  const host = proxy.hostname.replace(/^\[|\]$/g, "");
  const atProxy =
    (failure.address === host && failure.port === port) ||
    failure.hostname === host ||
    message.includes(`attempted address: ${host}:${port}`);
  if (!atProxy) return undefined;
  const code = typeof failure.code === "string" ? failure.code : "";
  return { message: `could not reach proxy ${shown}: ${code ? code + " " : ""}${message}`, retryable: true };
}
