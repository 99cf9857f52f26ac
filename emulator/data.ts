import { createHash } from "node:crypto";
import { CATEGORIES, isOrganizationName } from "./names";
import { Random } from "./random";
import type { WireRepository, WireTag } from "./types";

/** The region the seeded paths point at. */
const REGION = "ap-southeast-1";
const REGISTRY = `swr.${REGION}.myhuaweicloud.com`;
/** SWR reports pulls from inside the region through a fixed internal address like this one. */
const INTERNAL_REGISTRY = "100.125.0.198:20202";

// Word lists are space-separated strings only to keep them compact.
const ORGANIZATION_WORDS = (
  "acme globex initech umbrella hooli stark wayne wonka tyrell cyberdyne " +
  "aperture vandelay oscorp nakatomi monarch soylent dunder gringotts zorg contoso"
).split(" ");
/** Suffixes that exercise every separator the organization rule allows, `__` included. */
const ORGANIZATION_SUFFIXES = [
  "",
  "-prod",
  "-dev",
  ".staging",
  "_ci",
  "__build",
  "-ml",
  ".infra",
  "2",
  "-eu",
];
const REPOSITORY_WORDS = (
  "nginx redis api web worker gateway auth billing frontend backend mysql postgres etl scheduler cache " +
  "search ingest payments orders inventory notifier metrics logging proxy console portal admin mobile-api " +
  "ml-serving cron mailer reports uploader ledger checkout catalog recommender chat kafka jenkins"
).split(" ");
const REPOSITORY_SUFFIXES = [
  "",
  "-svc",
  "-server",
  "-job",
  "-v2",
  "-lite",
  "-agent",
  "-ui",
  "-core",
  ".base",
  "_tools",
];
/** SWR allows `/` in repository names; a few seeded names use it. */
const NAME_PREFIXES = ["team", "platform", "data", "infra"];
const DESCRIPTIONS = [
  "Production image",
  "Built by CI on every merge to main",
  "Base image with hardened defaults",
  "Nightly build; do not deploy",
  "业务镜像 (business image)",
];
const HEX = "0123456789abcdef";
/** Updates cluster in this window; creation may reach three years further back. */
const UPDATES_FROM = Date.UTC(2023, 0, 1);
const UPDATES_TO = Date.UTC(2025, 5, 30);
const THREE_YEARS_MS = 3 * 365 * 24 * 3600 * 1000;

interface Organization {
  readonly name: string;
  readonly tenant: string;
}

/**
 * Builds `count` repositories, the same for the same `seed`, in creation order (the
 * insertion order that breaks sort ties, as a database id would).
 *
 * The set is shaped to be hostile to naive paging: repository names recur across
 * organizations, many repositories share an `updated_at`, and a few names contain `/`.
 *
 * @example
 * const repos = seedRepositories(500, 1); // ~25 organizations, 0–25 tags each
 */
export function seedRepositories(count: number, seed: number): WireRepository[] {
  const random = new Random(seed);
  const organizations = makeOrganizations(random, Math.max(3, Math.round(count / 20)));
  const names = makeNamePool(random, Math.max(10, Math.ceil(count / 4)));
  // Small pools of instants: many repositories tie on `updated_at` (and some on `created_at`).
  const updates = instantPool(random, Math.max(5, Math.floor(count / 6)), UPDATES_FROM, UPDATES_TO);
  const creations = instantPool(
    random,
    Math.max(5, Math.floor(count / 2)),
    UPDATES_FROM - THREE_YEARS_MS,
    UPDATES_TO,
  );
  const taken = new Set<string>();
  const repos: WireRepository[] = [];
  for (let i = 0; i < count; i++) {
    // Skewed picks give uneven organization sizes and popular names shared by many organizations.
    const organization = organizations[Math.floor(organizations.length * random.next() ** 1.5)];
    const name = uniqueName(random, names, organization.name, taken);
    const updated = updates[Math.floor(updates.length * random.next() ** 2)];
    const earlier = countBefore(creations, updated.ms);
    const createdAt = earlier > 0 ? creations[random.int(0, earlier - 1)].text : updated.text;
    repos.push(makeRepository(random, organization, name, createdAt, updated.text));
  }
  return repos.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
}

/**
 * The one-time change `mutateAfterPages` applies: about 2% of repositories removed and a
 * slightly larger number added (so the total changes), the new ones updated after all others.
 */
export function driftRepositories(current: readonly WireRepository[], random: Random): WireRepository[] {
  const removeCount = current.length === 0 ? 0 : Math.max(1, Math.round(current.length * 0.02));
  const addCount = removeCount + Math.max(1, Math.round(current.length * 0.005));
  const removed = new Set(random.sample(current.length, removeCount));
  const kept = current.filter((_, index) => !removed.has(index));

  const organizations: Organization[] = kept.map((r) => ({ name: r.namespace, tenant: r.domain_name }));
  if (organizations.length === 0) organizations.push({ name: "drift", tenant: "tenant-drift" });
  const taken = new Set(kept.map((r) => key(r.namespace, r.name)));
  const latest = current.reduce(
    (max, r) => (r.updated_at > max ? r.updated_at : max),
    timestamp(UPDATES_TO, 0),
  );
  const updatedAt = timestamp(Date.parse(latest.slice(0, 19) + "Z") + 60_000, 0);
  for (let i = 0; i < addCount; i++) {
    const organization = random.pick(organizations);
    const name = uniqueName(random, [`${random.pick(REPOSITORY_WORDS)}-new`], organization.name, taken);
    kept.push(makeRepository(random, organization, name, updatedAt, updatedAt));
  }
  return kept;
}

interface Instant {
  readonly ms: number;
  readonly text: string;
}

/** `size` random instants in `[from, to]`, formatted once, in ascending order. */
function instantPool(random: Random, size: number, from: number, to: number): Instant[] {
  return Array.from({ length: size }, () => {
    const ms = random.int(from, to);
    return { ms, text: timestamp(ms, random.int(0, 999_999)) };
  }).sort((a, b) => a.ms - b.ms);
}

/** How many instants of an ascending pool fall strictly before `ms` (binary search). */
function countBefore(pool: readonly Instant[], ms: number): number {
  let low = 0;
  let high = pool.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (pool[middle].ms < ms) low = middle + 1;
    else high = middle;
  }
  return low;
}

function makeOrganizations(random: Random, count: number): Organization[] {
  const tenants = Array.from(
    { length: Math.max(1, Math.round(count / 10)) },
    () => `hwc_tenant_${random.string(HEX, 6)}`,
  );
  const names = new Set<string>();
  while (names.size < count) {
    const candidate = random.pick(ORGANIZATION_WORDS) + random.pick(ORGANIZATION_SUFFIXES);
    // A numeric suffix keeps the loop finite however many organizations are asked for.
    const name = names.has(candidate) ? `${candidate}${names.size}` : candidate;
    if (isOrganizationName(name)) names.add(name);
  }
  // The first tenant owns most organizations, as in a single account with a few shared ones.
  return [...names].map((name) => ({ name, tenant: random.chance(0.8) ? tenants[0] : random.pick(tenants) }));
}

function makeNamePool(random: Random, size: number): string[] {
  // Plain names first, so the skewed pick repeats them across many organizations.
  const plain = [...REPOSITORY_WORDS];
  const combined = REPOSITORY_SUFFIXES.filter((s) => s !== "").flatMap((s) =>
    REPOSITORY_WORDS.map((w) => w + s),
  );
  random.shuffle(plain);
  random.shuffle(combined);
  const pool = [...plain, ...combined];
  for (let i = 0; pool.length < size; i++) pool.push(`${REPOSITORY_WORDS[i % REPOSITORY_WORDS.length]}-${i}`);
  return pool.slice(0, size);
}

function uniqueName(random: Random, pool: readonly string[], namespace: string, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    let name = pool[Math.floor(pool.length * random.next() ** 2)];
    if (random.chance(0.01)) name = `${random.pick(NAME_PREFIXES)}/${name}`;
    if (attempt >= 8) name = `${name}-${random.string(HEX, 4)}`;
    if (!taken.has(key(namespace, name))) {
      taken.add(key(namespace, name));
      return name;
    }
  }
}

function makeRepository(
  random: Random,
  organization: Organization,
  name: string,
  createdAt: string,
  updatedAt: string,
): WireRepository {
  const tags = makeTags(random);
  const category = random.chance(0.4) ? "app_server" : random.pick(CATEGORIES);
  const ref = `${organization.name}/${name}`;
  return {
    name,
    category,
    description: random.chance(0.4) ? "" : random.pick(DESCRIPTIONS),
    // Log-uniform from 1 MiB to 64 GiB: about a quarter of non-empty repositories exceed 2^32 bytes.
    size: tags.length === 0 ? 0 : Math.floor(2 ** (20 + 16 * random.next())),
    is_public: random.chance(0.15),
    num_images: tags.length,
    num_download: random.chance(0.2) ? 0 : Math.floor(2 ** (20 * random.next())),
    created_at: createdAt,
    updated_at: updatedAt,
    logo: random.chance(0.1) ? `https://${REGISTRY}/static/logo/${category}.png` : "",
    url: "",
    path: `${REGISTRY}/${ref}`,
    internal_path: `${INTERNAL_REGISTRY}/${ref}`,
    domain_name: organization.tenant,
    namespace: organization.name,
    tags,
    status: true,
    total_range: 0,
  };
}

function makeTags(random: Random): string[] {
  const count = random.chance(0.1) ? 0 : Math.floor(1 + 25 * random.next() ** 2);
  const tags = new Set<string>();
  while (tags.size < count) {
    const kind = random.int(0, 9);
    if (kind === 0) tags.add("latest");
    else if (kind === 1) tags.add(`v${random.int(1, 9)}`);
    else if (kind <= 3) tags.add(random.string(HEX, 7));
    else tags.add(`${random.int(0, 4)}.${random.int(0, 20)}.${random.int(0, 30)}`);
  }
  return [...tags];
}

const MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
const MANIFEST_LIST_V2 = "application/vnd.docker.distribution.manifest.list.v2+json";
/** Platforms of a multi-platform image, in the order its manifest list names them. */
const PLATFORMS = ["amd64", "arm64"];

/** From this many tags on, a repository's tags are pushed in batches of {@link BATCH_SIZE}. */
const BATCH_PUSH_FROM = 100;
const BATCH_SIZE = 7;

/**
 * The details the tag list reports for each of `repo.tags`, in that order. They are derived from
 * the repository alone (its name, tags, tenant and times), so seeded and `setRepositories` sets get
 * them alike and the same repository always gets the same digests:
 * - each tag names an image whose manifest is real JSON, and `digest` is the SHA-256 of exactly it;
 * - about a quarter of repositories hold multi-platform images: their tags are manifest lists
 *   (`tag_type` 1) over an amd64 and an arm64 image;
 * - sizes run from 1 MiB to 16 GiB per platform, so some exceed 2^32;
 * - tags were pushed between the repository's creation and its last update (from 100 tags on, in
 *   batches of 7 that share an instant); the newest one at that
 *   update exactly, and `latest` (when other tags exist) names the newest one's image and shares its time.
 *
 * @example
 * const [first] = tagDetails(seedRepositories(1, 1)[0]);
 */
export function tagDetails(repo: WireRepository): WireTag[] {
  const ref = `${repo.namespace}/${repo.name}`;
  const repoHash = hashOf(ref);
  const owner: TagOwner = {
    repo,
    repoId: repoHash.readUInt32BE(1) >>> 1,
    domainId: hashOf(repo.domain_name).toString("hex").slice(0, 32),
  };
  // About a quarter of repositories push multi-platform images.
  const multiPlatform = repoHash[0] < 64;
  const since = parseTimestamp(repo.created_at);
  const span = Math.max(0, parseTimestamp(repo.updated_at) - since);
  const aliasLatest = repo.tags.includes("latest") && repo.tags.length > 1;

  const details = new Map<string, WireTag>();
  let newest: { detail: WireTag; at: number } | undefined;
  // A repository of many tags is fed by a pipeline that pushes them in batches: the tags of one
  // batch (runs of tag order) share their push instant, so the tag list's update order has ties.
  const batchOf = new Map(
    repo.tags.length < BATCH_PUSH_FROM
      ? []
      : [...repo.tags].sort().map((tag, i) => [tag, Math.floor(i / BATCH_SIZE)]),
  );
  for (const tag of repo.tags) {
    if (tag === "latest" && aliasLatest) continue;
    const h = hashOf(`${ref}:${tag}`);
    const batch = batchOf.get(tag);
    const pushed = batch === undefined ? h : hashOf(`${ref}#batch${batch}`);
    const at = fraction(pushed, 0);
    const pushedMs = since + Math.floor(at * span);
    const updated = earliest(timestamp(pushedMs, pushed.readUInt32BE(4) % 1_000_000), repo.updated_at);
    const created = earliest(
      timestamp(since + Math.floor(fraction(h, 8) * (pushedMs - since)), h.readUInt32BE(12) % 1_000_000),
      updated,
    );
    const detail = tagDetail(owner, tag, imageOf(`${ref}:${tag}`, multiPlatform), created, updated, h);
    details.set(tag, detail);
    if (!newest || at > newest.at) newest = { detail, at };
  }
  if (newest) newest.detail.updated = repo.updated_at;
  if (aliasLatest && newest) {
    const { manifest, digest, image_id: imageId, size } = newest.detail;
    const h = hashOf(`${ref}:latest`);
    const created = earliest(
      timestamp(since + Math.floor(fraction(h, 8) * span), h.readUInt32BE(12) % 1_000_000),
      repo.updated_at,
    );
    details.set(
      "latest",
      tagDetail(owner, "latest", { manifest, digest, imageId, size }, created, repo.updated_at, h),
    );
  }
  return repo.tags.map((tag) => details.get(tag) as WireTag);
}

/** What every tag of one repository shares. */
interface TagOwner {
  readonly repo: WireRepository;
  readonly repoId: number;
  readonly domainId: string;
}

interface Image {
  readonly manifest: string;
  readonly digest: string;
  readonly imageId: string;
  readonly size: number;
}

function tagDetail(
  owner: TagOwner,
  tag: string,
  image: Image,
  created: string,
  updated: string,
  h: Buffer,
): WireTag {
  return {
    id: h.readUInt32BE(16) >>> 1,
    repo_id: owner.repoId,
    Tag: tag,
    image_id: image.imageId,
    manifest: image.manifest,
    digest: image.digest,
    schema: 2,
    path: `${owner.repo.path}:${tag}`,
    internal_path: `${owner.repo.internal_path}:${tag}`,
    size: image.size,
    is_trusted: false,
    created,
    updated,
    deleted: null,
    domain_id: owner.domainId,
    scanned: h[20] < 128,
    tag_type: image.manifest.includes(MANIFEST_LIST_V2) ? 1 : 0,
  };
}

/** The image a tag names: one manifest, or a manifest list over {@link PLATFORMS}. */
function imageOf(key: string, multiPlatform: boolean): Image {
  if (!multiPlatform) return singleImage(key);
  const images = PLATFORMS.map((architecture) => ({
    architecture,
    image: singleImage(`${key}/${architecture}`),
  }));
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: MANIFEST_LIST_V2,
    manifests: images.map(({ architecture, image }) => ({
      mediaType: MANIFEST_V2,
      size: Buffer.byteLength(image.manifest),
      digest: image.digest,
      platform: { architecture, os: "linux" },
    })),
  });
  return {
    manifest,
    digest: `sha256:${sha256Hex(manifest)}`,
    imageId: images[0].image.imageId,
    size: images.reduce((sum, { image }) => sum + image.size, 0),
  };
}

function singleImage(key: string): Image {
  const h = hashOf(key);
  // Log-uniform from 1 MiB to 16 GiB, split over one to four layers.
  const total = Math.floor(2 ** (20 + 14 * fraction(h, 0)));
  const layerCount = 1 + (h[4] % 4);
  const layers = Array.from({ length: layerCount }, (_, i) => ({
    mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip",
    size: i === layerCount - 1 ? total - Math.floor(total / layerCount) * i : Math.floor(total / layerCount),
    digest: `sha256:${sha256Hex(`${key}#layer${i}`)}`,
  }));
  const config = {
    mediaType: "application/vnd.docker.container.image.v1+json",
    size: 1024 + h.readUInt16BE(5),
    digest: `sha256:${sha256Hex(`${key}#config`)}`,
  };
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST_V2, config, layers });
  return {
    manifest,
    digest: `sha256:${sha256Hex(manifest)}`,
    imageId: config.digest,
    size: config.size + total,
  };
}

/** Stands in for random draws where no seed is at hand: the same text always gives the same bytes. */
function hashOf(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A fraction in [0, 1) from four bytes of `bytes` at `offset`. */
function fraction(bytes: Buffer, offset: number): number {
  return bytes.readUInt32BE(offset) / 2 ** 32;
}

/** Whole seconds of an SWR timestamp, in ms; the start of the seeded window if it does not parse. */
function parseTimestamp(text: string): number {
  const ms = Date.parse(text.slice(0, 19) + "Z");
  return Number.isNaN(ms) ? UPDATES_FROM : ms;
}

/** The earlier of two SWR timestamps (their text order is their time order). */
function earliest(a: string, b: string): string {
  return a < b ? a : b;
}

/** SWR's timestamp form: UTC with microseconds, e.g. `2024-05-01T10:11:12.123456Z`. */
function timestamp(ms: number, micros: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(micros).padStart(6, "0")}Z`;
}

function key(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}
