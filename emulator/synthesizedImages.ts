/**
 * Synthesizing images: the tag details (manifests, digests, sizes, push times) of a repository's
 * tags, derived from the repository alone, so every set gets them alike and repeatably.
 */
import { createHash } from "node:crypto";
import { UPDATES_FROM } from "./seededRepositories";
import { timestamp } from "./timestamps";
import type { WireRepository, WireTag } from "./types";

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
