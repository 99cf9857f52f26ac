/**
 * A listing's drift fields in a few short strings, for keeping a whole registry's baseline in Pulumi
 * state: the fields drift compares ({@link DriftSubject}) by column (`sdk/protocol/columns.ts`),
 * compressed (Brotli) and in base64, cut into chunks. At 100,000 repositories with a dozen tags each this is a
 * few megabytes where every field of every repository as JSON objects is 55: tags (hex digests,
 * versions) repeat too little for a dictionary but compress well.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";
import { SwrInputError } from "../client/errors";
import { CHUNK_CHARS, ColumnTable, fromColumns, toColumns } from "../protocol/columns";
import { parseListing } from "./compare";
import type { DriftSubject } from "./report";

/** The fields kept, in this order: a repository's identity and every field drift compares. */
const DRIFT_FIELDS = ["namespace", "name", "isPublic", "category", "description", "size", "tags"] as const;

/** Names the form, so a later version can read this one (or say it cannot) instead of guessing. */
export const PACKED_LISTING_FORMAT = "swr-drift-columns/brotli/base64/1";

/** A packed listing: the form's name, and base64 chunks of at most 1 Mi characters each. */
export interface PackedListing {
  readonly format: typeof PACKED_LISTING_FORMAT;
  /** How many repositories, readable without unpacking. */
  readonly count: number;
  readonly chunks: readonly string[];
}

/**
 * Packs the drift fields of a listing (full repositories or drift subjects alike; other fields are
 * left out). Order is kept.
 *
 * @example
 * const packed = packListing((await client.listRepositories()).repositories);
 */
export function packListing(listing: readonly DriftSubject[]): PackedListing {
  const table = toColumns(listing, DRIFT_FIELDS);
  // Quality 4 packs this data as small as gzip's default level in 60% of its time (at 100,000
  // repositories 12 MB of columns to 3.3 MB in 0.35 s); higher qualities cost seconds.
  const compressed = brotliCompressSync(JSON.stringify(table), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 4 },
  });
  const base64 = compressed.toString("base64");
  const chunks: string[] = [];
  for (let at = 0; at < base64.length; at += CHUNK_CHARS) chunks.push(base64.slice(at, at + CHUNK_CHARS));
  return { format: PACKED_LISTING_FORMAT, count: listing.length, chunks };
}

/**
 * Reads what {@link packListing} wrote, checking every repository as {@link parseListing} checks a
 * baseline file. Throws {@link SwrInputError} naming `label` when the value is not a packed listing
 * of this form or does not hold valid repositories.
 *
 * @example
 * const deployed = unpackListing(state.deployedListing, "deployedListing");
 */
export function unpackListing(value: unknown, label = "listing"): DriftSubject[] {
  const packed = value as Partial<PackedListing> | null | undefined;
  const fail = (rule: string): never => {
    throw new SwrInputError([{ field: label, rule }]);
  };
  if (packed?.format !== PACKED_LISTING_FORMAT)
    fail(
      `is not a packed listing of form ${PACKED_LISTING_FORMAT} (written by another version of pulumi-swr?)`,
    );
  const { chunks, count } = packed as Partial<PackedListing>;
  if (!Array.isArray(chunks) || !chunks.every((c) => typeof c === "string"))
    fail("has no chunks of base64 text");
  let table: ColumnTable;
  try {
    table = JSON.parse(
      brotliDecompressSync(Buffer.from(chunks!.join(""), "base64")).toString("utf8"),
    ) as ColumnTable;
  } catch {
    return fail("does not hold compressed JSON in base64");
  }
  let rows: unknown[];
  try {
    rows = fromColumns<unknown>(table);
  } catch (error) {
    return fail(`${(error as Error).message}`);
  }
  if (rows.length !== count) fail(`holds ${rows.length} repositories where it says ${String(count)}`);
  return parseListing(rows, label);
}
