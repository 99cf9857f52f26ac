import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { authenticate, defaultCredentials, type Credentials } from "./auth";
import { Catalog } from "./catalog";
import { driftRepositories, seedRepositories } from "./seededRepositories";
import { PERMISSIVE, servedLimit } from "./dialect";
import { FAULT_KINDS } from "./faultKinds";
import { drawFault, injectFault, throttleReply } from "./faults";
import { parseListQuery } from "./repositoryListParameters";
import { Random } from "./random";
import {
  authenticationFailedReply,
  gatewayErrorReply,
  listReply,
  swrErrorReply,
  writeReply,
  type Reply,
} from "./responses";
import { CONTROL_PREFIX, decodePath, isListPath, matchTagsPath, type TagsTarget } from "./paths";
import { repositoryTags, tagsReply } from "./tagList";
import { METADATA_TOKEN_PATH, MetadataService, SECURITY_KEY_PATH } from "./metadata";
import { CredentialIssuer } from "./temporaryCredentials";
import type {
  EmulatorOptions,
  EmulatorSettings,
  EmulatorStats,
  RunningEmulator,
  WireRepository,
} from "./types";

/**
 * Starts an SWR emulator serving `GET /v2/manage/repos` and each repository's tag list
 * (`GET /v2/manage/namespaces/{namespace}/repos/{repository}/tags`) over HTTP, with seeded data,
 * AK/SK and token authentication, SWR's validation and error bodies, and optional faults.
 *
 * @example
 * const emulator = await startEmulator({ repos: 2000, seed: 7, faultRate: 0.1 });
 * const res = await fetch(`${emulator.url}/v2/manage/repos?limit=100&offset=0`, {
 *   headers: { "X-Auth-Token": emulator.token },
 * });
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = options.seed ?? 1;
  const derived = defaultCredentials(seed);
  const credentials: Credentials = {
    accessKey: options.accessKey ?? derived.accessKey,
    secretKey: options.secretKey ?? derived.secretKey,
    token: options.token ?? derived.token,
    securityToken: options.securityToken,
  };
  const clock = options.clock ?? Date.now;
  // IAM and the metadata service, when asked for: the temporary credentials they issue pass at SWR.
  const issuer = options.iam ? new CredentialIssuer(seed, clock) : undefined;
  // IAM reads its body with zod: loaded only when the emulator plays IAM, so that it starts without it.
  const iam = options.iam ? await import("./iam") : undefined;
  const metadata = issuer && new MetadataService(issuer, () => options.credentialSeconds ?? 3600);
  const temporary = (accessKey: string) => issuer?.find(accessKey);
  const catalog = new Catalog(seedRepositories(options.repos ?? 500, seed));
  // A separate stream from the data's, so faults and shuffles never disturb seeding.
  const random = new Random(seed ^ 0x0bad5eed);
  const settings: EmulatorSettings = {
    latencyMs: options.latencyMs,
    faultRate: options.faultRate,
    faultKinds: options.faultKinds,
    maxConcurrency: options.maxConcurrency,
    unstableTies: options.unstableTies,
    mutateAfterPages: options.mutateAfterPages,
    fuzzyName: options.fuzzyName,
    dialect: options.dialect,
    compression: options.compression,
  };
  const stats = emptyStats();
  const drift = { pagesServed: 0, done: false };
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const send = (res: ServerResponse, reply: Reply): void => {
    count(stats, reply.status);
    writeReply(res, reply, settings.compression);
  };

  /** After the configured number of paged responses, the set moves once, as a live registry would. */
  const afterPage = (): void => {
    drift.pagesServed++;
    const threshold = settings.mutateAfterPages;
    if (threshold === undefined || drift.done || drift.pagesServed < threshold) return;
    drift.done = true;
    catalog.replace(driftRepositories(catalog.all(), random));
  };

  /** What the request's signature or token says: valid (and by which key), or why not. */
  const authenticateRequest = (req: IncomingMessage, url: URL, body: string) =>
    authenticate(
      {
        method: req.method ?? "GET",
        path: decodePath(url.pathname),
        query: [...url.searchParams],
        headers: req.headers,
        body,
      },
      credentials,
      clock(),
      temporary,
    );

  /** Checks the request's credentials; when they fail, answers 401 and returns false. */
  const authorized = (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: string,
    requestId: string,
  ): boolean => {
    const auth = authenticateRequest(req, url, body);
    if (auth.ok && auth.accessKey !== undefined)
      stats.byAccessKey[auth.accessKey] = (stats.byAccessKey[auth.accessKey] ?? 0) + 1;
    if (!auth.ok) {
      send(res, authenticationFailedReply(auth.reason, requestId));
      return false;
    }
    return true;
  };

  /** Sends a 200, or a transient fault drawn in its place; returns whether the 200 went out. */
  const deliver = (res: ServerResponse, reply: Reply, requestId: string): boolean => {
    const fault = drawFault(settings.faultRate ?? 0, settings.faultKinds ?? FAULT_KINDS, random);
    if (fault !== undefined) {
      stats.faultsInjected++;
      stats.faultsByKind[fault] = (stats.faultsByKind[fault] ?? 0) + 1;
      const status = injectFault(fault, res, reply, requestId, random, settings.compression);
      if (status !== undefined) count(stats, status);
      return false;
    }
    send(res, reply);
    return true;
  };

  const serveList = (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: string,
    requestId: string,
  ): void => {
    stats.listRequests++;
    if (!authorized(req, res, url, body, requestId)) return;
    const dialect = settings.dialect ?? PERMISSIVE;
    const parsed = parseListQuery(url.searchParams, settings.fuzzyName ?? true, dialect);
    if ("error" in parsed) {
      send(res, swrErrorReply(400, parsed.error.code, parsed.error.message));
      return;
    }
    const { query } = parsed;
    const served = query.page && { ...query.page, limit: servedLimit(query.page.limit, dialect) };
    const page = catalog.select(
      { ...query, page: served },
      settings.unstableTies ? random : undefined,
      dialect.nulls,
    );
    if (deliver(res, listReply(page, query.page?.offset, dialect), requestId) && query.page) afterPage();
  };

  const serveTags = (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: string,
    requestId: string,
    target: TagsTarget,
  ): void => {
    stats.tagRequests++;
    if (!authorized(req, res, url, body, requestId)) return;
    const reply = tagsReply(catalog.all(), target, url.searchParams, {
      dialect: settings.dialect,
      shuffleTies: settings.unstableTies ? random : undefined,
    });
    if (reply.status === 200) deliver(res, reply, requestId);
    else send(res, reply);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.url?.startsWith(CONTROL_PREFIX)) return control(req, res);
    stats.requests++;
    inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    res.once("close", () => inFlight--);
    const requestId = randomUUID().replace(/-/g, "");
    res.setHeader("X-Request-Id", requestId);

    // The gateway refuses excess load at once, before reading or authenticating anything.
    if (settings.maxConcurrency !== undefined && inFlight > settings.maxConcurrency) {
      stats.throttled++;
      send(res, throttleReply(requestId, random));
      return;
    }
    const body = await readBody(req);
    if (settings.latencyMs) await delay(settings.latencyMs);
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const tagsTarget = req.method === "GET" ? matchTagsPath(url.pathname) : undefined;
    const credentialReply = issuer && serveCredentials(req, url, body, requestId);
    if (credentialReply) {
      if (credentialReply.issued) stats.credentialsIssued++;
      send(res, credentialReply.reply);
    } else if (req.method === "GET" && isListPath(url.pathname)) {
      serveList(req, res, url, body, requestId);
    } else if (tagsTarget) {
      serveTags(req, res, url, body, requestId, tagsTarget);
    } else {
      send(
        res,
        gatewayErrorReply(
          404,
          "APIG.0101",
          "The API does not exist or has not been published in the environment",
          requestId,
        ),
      );
    }
  };

  /** IAM's assume-role call and the metadata service, when the emulator plays them; else `undefined`. */
  const serveCredentials = (req: IncomingMessage, url: URL, body: string, requestId: string) => {
    if (!issuer || !metadata || !iam) return undefined;
    const route = `${req.method} ${url.pathname}`;
    if (route === `PUT ${METADATA_TOKEN_PATH}`) return { reply: metadata.token() };
    if (route === `GET ${SECURITY_KEY_PATH}`) {
      const token = req.headers["x-metadata-token"];
      return metadata.securityKey(Array.isArray(token) ? token.join(",") : token);
    }
    if (route !== `POST ${iam.SECURITY_TOKENS_PATH}`) return undefined;
    const auth = authenticateRequest(req, url, body);
    return iam.assumeRoleReply(body, auth, issuer, requestId);
  };

  /**
   * The control endpoints, for processes that drive an emulator they did not start (the benchmark,
   * the end-to-end examples): read or reset the counters, read or replace the set. Not part of SWR;
   * not counted, throttled, delayed or authenticated.
   */
  const control = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const route = `${req.method} ${(req.url ?? "").slice(CONTROL_PREFIX.length)}`;
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(value));
    };
    switch (route) {
      case "GET stats":
        return json(200, stats);
      case "POST stats/reset":
        Object.assign(stats, emptyStats());
        return json(200, stats);
      case "GET repositories":
        return json(200, catalog.snapshot());
      case "POST credentials/expire":
        issuer?.expireAll();
        return json(200, { expired: issuer?.all().length ?? 0 });
      case "PUT repositories":
        catalog.replace(JSON.parse(await readBody(req)) as WireRepository[]);
        return json(200, { count: catalog.snapshot().length });
      default:
        return json(404, { error: `no control endpoint ${route}` });
    }
  };

  const listener: RequestListener = (req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the emulator must still answer, so a client under test never hangs on it.
      if (res.destroyed) return;
      if (res.headersSent) res.destroy();
      else send(res, swrErrorReply(500, "SVCSTG.SWR.5000008", String(error)));
    });
  };
  const server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `${options.tls ? "https" : "http"}://${host}:${address.port}`,
    accessKey: credentials.accessKey,
    secretKey: credentials.secretKey,
    token: credentials.token,
    stats,
    resetStats: () => Object.assign(stats, emptyStats()),
    repositories: () => catalog.snapshot(),
    setRepositories: (repos: WireRepository[]) => catalog.replace(repos),
    issuedCredentials: () => issuer?.all() ?? [],
    expireTemporaryCredentials: () => issuer?.expireAll(),
    repositoryTags: (namespace: string, repository: string) =>
      repositoryTags(catalog.all(), { namespace, repository }),
    configure: (changes) => {
      Object.assign(settings, changes);
      if ("mutateAfterPages" in changes) Object.assign(drift, { pagesServed: 0, done: false });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function emptyStats(): EmulatorStats {
  return {
    requests: 0,
    listRequests: 0,
    tagRequests: 0,
    byStatus: {},
    faultsInjected: 0,
    faultsByKind: {},
    throttled: 0,
    maxInFlight: 0,
    credentialsIssued: 0,
    byAccessKey: {},
  };
}

function count(stats: EmulatorStats, status: number): void {
  stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
