/**
 * The emulator's public contract: what callers configure, what a running emulator exposes,
 * and the repository shape SWR puts on the wire.
 */
import type { Dialect } from "./dialect";
import type { FaultKind } from "./faultKinds";
import type { IssuedCredentials } from "./temporaryCredentials";

/**
 * When the emulator compresses a response: as the request's `Accept-Encoding` allows (`auto`, the
 * default, as a gateway does), always with gzip whatever the request said (a gateway that
 * compresses anyway), or never.
 */
export type CompressionMode = "auto" | "always" | "never";

/** How to start an emulator. Every field is optional. */
export interface EmulatorOptions {
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Port to listen on; default 0 (any free port). */
  port?: number;
  /** Number of seeded repositories; default 500. */
  repos?: number;
  /** PRNG seed; default 1. The same seed gives the same repositories and credentials. */
  seed?: number;
  /** Access key accepted for AK/SK signing; default derived from `seed`. */
  accessKey?: string;
  /** Secret key matching `accessKey`; default derived from `seed`. */
  secretKey?: string;
  /** IAM token accepted in `X-Auth-Token`; default derived from `seed`. */
  token?: string;
  /** When set, AK/SK requests must carry, and sign, `X-Security-Token` equal to it. */
  securityToken?: string;
  /**
   * Also play IAM (`POST /v3.0/OS-CREDENTIAL/securitytokens`, assume role, signed with the access key
   * pair above) and the ECS metadata service (`PUT /meta-data/latest/api/token`,
   * `GET /openstack/latest/securitykey`) on the same port; the temporary credentials they issue pass
   * at SWR until they expire. Default false.
   */
  iam?: boolean;
  /** How long the metadata service's credentials last, in seconds; default 3600. */
  credentialSeconds?: number;
  /** Delay added before each response, in milliseconds; default 0. */
  latencyMs?: number;
  /** Probability (0..1) that an authenticated, valid list request gets a transient fault; default 0. */
  faultRate?: number;
  /** Faults to draw from; default all kinds. */
  faultKinds?: FaultKind[];
  /** Requests in flight above this many are answered 429 `APIG.0308`; default unlimited. */
  maxConcurrency?: number;
  /** Rows (repositories, and tags) with equal sort keys come back in a fresh random order on every request; default false. */
  unstableTies?: boolean;
  /** After this many successful paged list responses, the set changes once; default never. */
  mutateAfterPages?: number;
  /** Match a plain `name` parameter as a substring, as real servers may; default true. */
  fuzzyName?: boolean;
  /** How to read what the documentation leaves open (see {@link Dialect}); default permissive. */
  dialect?: Dialect;
  /** Milliseconds since the epoch, for `X-Sdk-Date` skew checks; default `Date.now`. */
  clock?: () => number;
  /** When to compress responses; default `auto` (when the request asks for it). */
  compression?: CompressionMode;
  /** Serve HTTPS with this certificate and key (PEM) instead of plain HTTP, e.g. to test a private CA. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

/** Live counters of what the emulator has served. */
export interface EmulatorStats {
  /** Every request received, on any path. */
  requests: number;
  /** Requests to `GET /v2/manage/repos`. */
  listRequests: number;
  /** Requests to `GET /v2/manage/namespaces/{namespace}/repos/{repository}/tags`. */
  tagRequests: number;
  /** Responses by HTTP status (a `reset` has none and is not counted here). */
  byStatus: Record<number, number>;
  /** Faults injected by `faultRate`, of every kind. */
  faultsInjected: number;
  /** Faults injected by `faultRate`, by kind (`truncate`, `reset`…): which ones a run really met. */
  faultsByKind: Record<string, number>;
  /** Requests refused because more than `maxConcurrency` were in flight. */
  throttled: number;
  /** The most requests in flight at once, throttled ones included. */
  maxInFlight: number;
  /** Temporary credentials issued by IAM and the metadata service (with `iam`). */
  credentialsIssued: number;
  /** Authenticated SWR requests by the access key that signed them. */
  byAccessKey: Record<string, number>;
}

/** The settings a running emulator can change without restarting. */
export type EmulatorSettings = Pick<
  EmulatorOptions,
  | "latencyMs"
  | "faultRate"
  | "faultKinds"
  | "maxConcurrency"
  | "unstableTies"
  | "mutateAfterPages"
  | "fuzzyName"
  | "dialect"
  | "compression"
>;

/** An emulator listening for requests. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** The accepted access key. */
  readonly accessKey: string;
  /** The secret key matching `accessKey`. */
  readonly secretKey: string;
  /** The accepted IAM token. */
  readonly token: string;
  /** Live counters; read them at any time. */
  readonly stats: EmulatorStats;
  /** Sets every counter back to zero. */
  resetStats(): void;
  /** A copy of the current set, in (namespace, name) order. */
  repositories(): WireRepository[];
  /** Replaces the set; the order given is the insertion order that breaks sort ties. */
  setRepositories(repos: WireRepository[]): void;
  /** Every temporary credential issued so far (with `iam`), oldest first. */
  issuedCredentials(): IssuedCredentials[];
  /** Makes every temporary credential issued so far expire now (SWR then refuses them with 401). */
  expireTemporaryCredentials(): void;
  /**
   * A copy of the tags the tag list serves for one repository, in tag order; `undefined` when
   * there is no such repository. `repository` is the name itself (with `/`, not `$`).
   */
  repositoryTags(namespace: string, repository: string): WireTag[] | undefined;
  /** Changes settings; setting `mutateAfterPages` also restarts its page count. */
  configure(changes: Partial<EmulatorSettings>): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** A repository as `GET /v2/manage/repos` returns it. */
export interface WireRepository {
  name: string;
  category: string;
  description: string;
  size: number;
  is_public: boolean;
  num_images: number;
  num_download: number;
  created_at: string;
  updated_at: string;
  logo: string;
  url: string;
  path: string;
  internal_path: string;
  domain_name: string;
  namespace: string;
  tags: string[];
  status: boolean;
  /** The number of repositories matching the query; the emulator fills it in per response. */
  total_range: number;
}

/**
 * One tag as `GET /v2/manage/namespaces/{namespace}/repos/{repository}/tags` returns it, fields in
 * SWR's order (that of the official SDK's `ShowReposTagResp`).
 */
export interface WireTag {
  id: number;
  repo_id: number;
  /** The tag name; SWR spells this one field with a capital letter. */
  Tag: string;
  /** The image config's digest (for a manifest list, that of its first platform's image). */
  image_id: string;
  /** The manifest (or manifest list) JSON, exactly the bytes `digest` hashes. */
  manifest: string;
  /** `sha256:` and the hex SHA-256 of `manifest`. */
  digest: string;
  /** Docker protocol version: 2. */
  schema: number;
  /** `{registry}/{namespace}/{repository}:{tag}`. */
  path: string;
  /** `{internal registry}/{namespace}/{repository}:{tag}`. */
  internal_path: string;
  size: number;
  is_trusted: boolean;
  /** UTC with microseconds, like every SWR timestamp. */
  created: string;
  updated: string;
  /** Always `null`: deleted tags are not listed. */
  deleted: string | null;
  domain_id: string;
  scanned: boolean;
  /** 0 for a manifest, 1 for a manifest list (a multi-platform image). */
  tag_type: 0 | 1;
}
