/**
 * The fixtures tests share: the project's paths, repositories as SWR sends them, and clients for test
 * servers. One home, so that a field added to the wire format or a client default is one edit.
 */
import * as path from "node:path";
import type { RunningEmulator, WireRepository, WireTag } from "../../emulator";
import { type ImageTag, type Repository, SwrClient, type SwrClientOptions } from "../../sdk/client";

/** The project root, whatever folder of `test/` a test file sits in. */
export const ROOT = path.resolve(__dirname, "..", "..");

/** The built plugin's entry point (`npm test` builds `dist/` before jest runs). */
export const PLUGIN_ENTRY = path.join(ROOT, "dist", "provider", "index.js");

/** A KooCLI configuration file with one profile of each mode. */
export const KOOCLI_CONFIG = path.join(ROOT, "test", "fixtures", "koocli", "config.json");

/** A private CA and a certificate it signed for `localhost` (see its README). */
export const TLS_FIXTURES = path.join(ROOT, "test", "fixtures", "tls");

/**
 * A repository as SWR sends it (one row of `GET /v2/manage/repos`), valid in every field, with
 * `changes` laid over: a test names only what it is about.
 */
export function wireRepository(
  namespace: string,
  name: string,
  changes: Partial<WireRepository> = {},
): WireRepository {
  const ref = `${namespace}/${name}`;
  return {
    name,
    namespace,
    category: "app_server",
    description: "",
    size: 1000,
    is_public: false,
    num_images: 1,
    num_download: 0,
    created_at: "2024-01-01T00:00:00.000000Z",
    updated_at: "2024-01-02T00:00:00.000000Z",
    logo: "",
    url: "",
    path: `swr.ap-southeast-1.myhuaweicloud.com/${ref}`,
    internal_path: `100.125.0.198:20202/${ref}`,
    domain_name: "tenant",
    tags: ["v1"],
    status: true,
    total_range: 0,
    ...changes,
  };
}

/**
 * A wire repository for a scripted server, with `changes` of any type, `null` included, for servers
 * that break what SWR documents on purpose. It has no `total_range` unless `changes` give one: such
 * a server counts in `Content-Range`, which a `total_range` must then agree with.
 */
export function wireRow(
  namespace: string,
  name: string,
  changes: Record<string, unknown> = {},
): Omit<WireRepository, "total_range"> & Record<string, unknown> {
  const { total_range: _countedInContentRange, ...row } = wireRepository(namespace, name);
  return { ...row, ...changes };
}

/**
 * A repository as SWR sends it, holding `tags`: for tag listings larger than the seeded data has
 * (the emulator derives each tag's digest and times from the repository alone).
 */
export function repositoryWithTags(namespace: string, name: string, tags: string[]): WireRepository {
  return wireRepository(namespace, name, {
    size: 2 ** 40,
    num_images: tags.length,
    created_at: "2021-03-04T05:06:07.123456Z",
    updated_at: "2025-01-02T03:04:05.654321Z",
    domain_name: `hwc_tenant_${namespace}`,
    tags,
  });
}

/** `v0` … `v{count - 1}`. */
export function numberedTags(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `v${i}`);
}

/**
 * A factory of clients for test servers, each closed after the test that made it. The defaults keep
 * a test to what it gives: no environment (the runner's `HW_*` never count) and no wait between
 * retries; `defaults` (a function when they are known only once a server runs) and then each call's
 * options are laid over them.
 */
export function testClients(
  defaults: SwrClientOptions | (() => SwrClientOptions) = {},
): (options?: SwrClientOptions) => SwrClient {
  const clients: SwrClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  return (options = {}) => {
    const base = typeof defaults === "function" ? defaults() : defaults;
    const client = new SwrClient({ env: {}, sleep: () => Promise.resolve(), ...base, ...options });
    clients.push(client);
    return client;
  };
}

/**
 * `testClients` of an emulator a test file starts later (in `beforeAll`), signing with its access key
 * pair.
 */
export function emulatorClients(
  emulator: () => Pick<RunningEmulator, "url" | "accessKey" | "secretKey">,
): (options?: SwrClientOptions) => SwrClient {
  return testClients(() => {
    const { url, accessKey, secretKey } = emulator();
    return { endpoint: url, accessKey, secretKey };
  });
}

/**
 * A wire row as a user reads it, written out field by field rather than through the client's field
 * table, so that a wrong wire name or a dropped field in the table fails here. Tags come sorted.
 */
export function asListed(w: WireRepository): Repository {
  return {
    name: w.name,
    namespace: w.namespace,
    category: w.category,
    description: w.description,
    size: w.size,
    isPublic: w.is_public,
    numImages: w.num_images,
    numDownload: w.num_download,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
    logo: w.logo,
    url: w.url,
    path: w.path,
    internalPath: w.internal_path,
    domainName: w.domain_name,
    tags: [...w.tags].sort(),
    status: w.status,
  };
}

/**
 * A tag row as a user reads it, for the repository `repository` of `namespace`, written out field by
 * field rather than through the client's field table (see {@link asListed}). The pinned reference is
 * built from the pull path's host, not by the client's helper.
 */
export function asListedTag(w: WireTag, namespace: string, repository: string): ImageTag {
  return {
    namespace,
    repository,
    tag: w.Tag,
    digest: w.digest,
    imageRef: `${w.path.split("/")[0]}/${namespace}/${repository}@${w.digest}`,
    imageId: w.image_id,
    size: w.size,
    manifestType: w.tag_type === 1 ? "manifest-list" : "manifest",
    created: w.created,
    updated: w.updated,
    path: w.path,
    internalPath: w.internal_path,
  };
}
