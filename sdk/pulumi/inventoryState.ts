/**
 * The outputs a `RepositoryInventory` keeps in state, built from a listing. The inventory's provider
 * loads this module at run time by package path (see `repositoryInventory.ts`), so it imports
 * nothing of Pulumi: Node's crypto and zlib, and the drift code.
 *
 * What a refresh must be able to say decides what is kept: which repositories appeared or went, which
 * became public, which tags were added or removed, and size, category and description changes. So the
 * state keeps those fields of every repository as of the last `pulumi up` (packed: a few bytes a
 * repository, see `sdk/drift/packedListing.ts`), the public ones and the count as of the last listing,
 * and the drift since the deployment, which is what `pulumi refresh` shows. Every other field
 * (times, download counts, paths) is not kept unless the program asks for full rows.
 */
import { createHash } from "node:crypto";
import type { Repository } from "../client/model/repository";
import { compareStrings } from "../client/stringOrder";
import { compareListings } from "../drift/compare";
import { PackedListing, packListing, unpackListing } from "../drift/packedListing";
import type { DriftReport, DriftSubject } from "../drift/report";

/**
 * JSON with object keys sorted at every level, so equal values give equal text. `""` for `undefined`.
 * The keys of every object are gathered first and given to `JSON.stringify` as its key list, sorted:
 * the same text as sorting each object's entries, without building a sorted copy of every object
 * (a third faster at 100,000 repositories, whose fingerprint this is).
 */
export function canonicalJson(value: unknown): string {
  const keys = new Set<string>();
  const gather = (v: unknown): void => {
    if (v === null || typeof v !== "object") return;
    if (Array.isArray(v)) {
      for (const item of v) if (item !== null && typeof item === "object") gather(item);
      return;
    }
    for (const key in v) {
      if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
      keys.add(key);
      gather((v as Record<string, unknown>)[key]);
    }
  };
  gather(value);
  // Every object would read `__proto__` from the key list, own or not: sort copies for such a value.
  if (keys.has("__proto__")) return sortedCopiesJson(value);
  return JSON.stringify(value, [...keys].sort(byObjectKeyOrder)) ?? "";
}

/** {@link canonicalJson} by a sorted copy of every object, as it was first written. */
function sortedCopiesJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => compareStrings(a, b)))
        : v,
    ) ?? ""
  );
}

/** Whether a key is an array index ("0", "1", …), which JavaScript enumerates first, by number. */
const isIndex = (key: string): boolean => /^(0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1;

/**
 * The order in which an object built from entries sorted by code unit enumerates its keys (array
 * indexes first, by number, then the rest by code unit): the order the fingerprint has always used,
 * so equal listings keep equal fingerprints across versions.
 */
function byObjectKeyOrder(a: string, b: string): number {
  const ai = isIndex(a);
  const bi = isIndex(b);
  if (ai && bi) return Number(a) - Number(b);
  if (ai !== bi) return ai ? -1 : 1;
  return compareStrings(a, b);
}

/** Hex sha256 of {@link canonicalJson} of `value`. */
export function sha256Hex(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

/** The outputs of an inventory that come from its listing (the inputs are kept beside them). */
export interface InventoryListingOutputs {
  /** How many repositories the last listing held. */
  readonly total: number;
  /** The public ones as of the last listing, `namespace/name`, sorted: what a reviewer or a policy reads. */
  readonly publicRepositories: string[];
  /** Hex sha256 of the canonical JSON of every field of every repository of the last listing. */
  readonly fingerprint: string;
  /** `fingerprint` as of the last `pulumi up` (create or update). */
  readonly deployedFingerprint: string;
  /** The drift fields of every repository as of the last `pulumi up`, packed. */
  readonly deployedListing: PackedListing;
  /**
   * What changed between the last `pulumi up` and the last listing, as `swr-repos drift` and
   * `compareListings` report it: empty lists after an `up`, the registry's drift after a refresh.
   */
  readonly drift: DriftReport;
  /** Every field of every repository of the last listing, only when the program asked for them. */
  readonly repositories?: Repository[];
}

/** The report of a listing compared with itself: `count` repositories, all unchanged. */
function noDrift(count: number): DriftReport {
  return { added: [], removed: [], changed: [], unchanged: count };
}

/** The public repositories of a listing as sorted `namespace/name`. */
function publicRepositories(listing: readonly Repository[]): string[] {
  return listing
    .filter((r) => r.isPublic)
    .map((r) => `${r.namespace}/${r.name}`)
    .sort(compareStrings);
}

/** The outputs of a listing, given what was deployed and what drifted since. */
function outputsOf(
  listing: readonly Repository[],
  fingerprint: string,
  deployed: { readonly fingerprint: string; readonly listing: PackedListing },
  drift: DriftReport,
  keepRepositories: boolean,
): InventoryListingOutputs {
  return {
    total: listing.length,
    publicRepositories: publicRepositories(listing),
    fingerprint,
    deployedFingerprint: deployed.fingerprint,
    deployedListing: deployed.listing,
    drift,
    ...(keepRepositories ? { repositories: [...listing] } : {}),
  };
}

/**
 * The outputs after `pulumi up` (create or update): the listing becomes the deployed one, with no
 * drift. With `keepRepositories`, the full rows too.
 */
export function deployedOutputs(
  listing: readonly Repository[],
  keepRepositories: boolean,
): InventoryListingOutputs {
  const fingerprint = sha256Hex(listing);
  const deployed = { fingerprint, listing: packListing(listing) };
  return outputsOf(listing, fingerprint, deployed, noDrift(listing.length), keepRepositories);
}

/**
 * The outputs after `pulumi refresh`: the deployment (its listing and fingerprint) is kept, the rest
 * follows the new listing, and `drift` says what changed since the deployment.
 */
export function refreshedOutputs(
  state: Record<string, unknown>,
  listing: readonly Repository[],
  keepRepositories: boolean,
): InventoryListingOutputs {
  const fingerprint = sha256Hex(listing);
  const deployedFingerprint = state.deployedFingerprint;
  // Unchanged since the deployment: what is deployed stays as it is, unpacked or packed again.
  if (deployedFingerprint === fingerprint && !isEarlierForm(state)) {
    const deployed = { fingerprint, listing: state.deployedListing as PackedListing };
    return outputsOf(listing, fingerprint, deployed, noDrift(listing.length), keepRepositories);
  }
  const was = deployedListingOf(state);
  if (was === undefined || typeof deployedFingerprint !== "string")
    return deployedOutputs(listing, keepRepositories);
  const deployed = { fingerprint: deployedFingerprint, listing: was.packed };
  return outputsOf(listing, fingerprint, deployed, compareListings(was.listing, listing), keepRepositories);
}

/**
 * The deployed listing a state holds, packed and unpacked: the packed one this version writes, or
 * the full rows a state written before it holds (which are the deployed listing unless a refresh of
 * that version replaced them; then the best there is). `undefined` when there is neither.
 */
export function deployedListingOf(
  state: Record<string, unknown>,
): { readonly packed: PackedListing; readonly listing: DriftSubject[] } | undefined {
  if (state.deployedListing !== undefined) {
    const listing = unpackListing(state.deployedListing, "deployedListing");
    return { packed: state.deployedListing as PackedListing, listing };
  }
  if (Array.isArray(state.repositories)) {
    const listing = state.repositories as DriftSubject[];
    return { packed: packListing(listing), listing };
  }
  return undefined;
}

/**
 * Whether a state was written before the packed form (it holds full rows and no packed listing): an
 * `update` rewrites it in the current form, so `diff` reports a change for it.
 */
export function isEarlierForm(state: Record<string, unknown>): boolean {
  return state.deployedListing === undefined;
}
