/**
 * Seeding repositories: a repeatable, paging-hostile set of SWR repositories from a seed, and the
 * one-time change a listing may meet halfway (`mutateAfterPages`).
 */
import { CATEGORIES, isOrganizationName } from "./names";
import { compareKeys } from "./paging";
import { Random } from "./random";
import { timestamp } from "./timestamps";
import type { WireRepository } from "./types";

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
export const UPDATES_FROM = Date.UTC(2023, 0, 1);
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
  return repos.sort((a, b) => compareKeys(a.created_at, b.created_at));
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

function key(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}
