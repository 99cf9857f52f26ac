import { z } from "zod";

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER, {
  error: "must be a whole number below 2^53 (larger values cannot be kept exact)",
});

/** One repository as SWR sends it (snake_case). Unknown extra fields are ignored. */
export const wireRepositorySchema = z.object({
  name: z.string().min(1),
  namespace: z.string().min(1),
  category: z.string(),
  description: z.string().default(""),
  size: count,
  is_public: z.boolean(),
  num_images: count,
  num_download: count,
  created_at: z.string(),
  updated_at: z.string(),
  logo: z.string().default(""),
  url: z.string().default(""),
  path: z.string(),
  internal_path: z.string(),
  domain_name: z.string().default(""),
  tags: z.array(z.string()).default([]),
  status: z.boolean().default(true),
  total_range: count.optional(),
});

/** One repository as SWR sends it. */
export type WireRepository = z.input<typeof wireRepositorySchema>;

/** A page body: a JSON array of repositories. */
export const wirePageSchema = z.array(wireRepositorySchema);

/**
 * A repository, in the fields a program uses. Tags are sorted.
 *
 * @example
 * const image = `${repo.path}:${repo.tags[0]}`;
 */
export interface Repository {
  /** Repository name, unique within its organization; may contain `/`. */
  readonly name: string;
  /** The organization (namespace) that holds it. */
  readonly namespace: string;
  /** Category, e.g. `app_server` or `linux`. */
  readonly category: string;
  /** Free-text description. */
  readonly description: string;
  /** Total size of its images in bytes (exact up to 2^53). */
  readonly size: number;
  /** Whether anyone may pull it. */
  readonly isPublic: boolean;
  /** Number of images (tags). */
  readonly numImages: number;
  /** Number of downloads. */
  readonly numDownload: number;
  /** Creation time, UTC, as SWR formats it (with microseconds). */
  readonly createdAt: string;
  /** Last update time, UTC, as SWR formats it (with microseconds). */
  readonly updatedAt: string;
  /** Logo URL. */
  readonly logo: string;
  /** Repository URL. */
  readonly url: string;
  /** Public pull path, `swr.{region}.myhuaweicloud.com/{namespace}/{name}`. */
  readonly path: string;
  /** Pull path inside Huawei Cloud. */
  readonly internalPath: string;
  /** The tenant (account) name. */
  readonly domainName: string;
  /** Tag names, sorted. */
  readonly tags: readonly string[];
  /** Repository status flag as SWR reports it. */
  readonly status: boolean;
}

/** Lexicographic order by UTF-16 code unit, the same on every machine (unlike `localeCompare`). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Converts a validated wire repository to the program's shape. */
export function toRepository(w: z.output<typeof wireRepositorySchema>): Repository {
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
    tags: [...w.tags].sort(compareStrings),
    status: w.status,
  };
}

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
const optionalString = (v: unknown): string | undefined =>
  v === undefined ? "" : typeof v === "string" ? v : undefined;

/**
 * Reads one wire repository in a single pass, or returns `undefined` when anything about it is off.
 * It accepts exactly what {@link wireRepositorySchema} accepts (a property test holds the two
 * together) and builds the result directly: at 100,000 repositories the schema's copy plus the
 * conversion cost a third of the listing's CPU time. On `undefined`, run the schema to learn why.
 */
export function readRepository(raw: unknown): Repository | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const w = raw as Record<string, unknown>;
  const { name, namespace, category, created_at, updated_at, path, internal_path, is_public } = w;
  if (typeof name !== "string" || name === "" || typeof namespace !== "string" || namespace === "")
    return undefined;
  if (typeof category !== "string" || typeof created_at !== "string" || typeof updated_at !== "string")
    return undefined;
  if (typeof path !== "string" || typeof internal_path !== "string" || typeof is_public !== "boolean")
    return undefined;
  if (!isCount(w.size) || !isCount(w.num_images) || !isCount(w.num_download)) return undefined;
  if (w.total_range !== undefined && !isCount(w.total_range)) return undefined;
  const description = optionalString(w.description);
  const logo = optionalString(w.logo);
  const url = optionalString(w.url);
  const domainName = optionalString(w.domain_name);
  if (description === undefined || logo === undefined || url === undefined || domainName === undefined)
    return undefined;
  const status = w.status === undefined ? true : w.status;
  if (typeof status !== "boolean") return undefined;
  const rawTags = w.tags === undefined ? [] : w.tags;
  if (!Array.isArray(rawTags)) return undefined;
  for (const tag of rawTags) if (typeof tag !== "string") return undefined;
  return {
    name,
    namespace,
    category,
    description,
    size: w.size as number,
    isPublic: is_public,
    numImages: w.num_images as number,
    numDownload: w.num_download as number,
    createdAt: created_at,
    updatedAt: updated_at,
    logo,
    url,
    path,
    internalPath: internal_path,
    domainName,
    tags: sortedInPlace(rawTags as string[]),
    status,
  };
}

/** The tags sorted; the array came fresh from `JSON.parse`, so it is sorted where it is, and only if it must be. */
function sortedInPlace(tags: string[]): string[] {
  for (let i = 1; i < tags.length; i++) if (tags[i - 1] > tags[i]) return tags.sort(compareStrings);
  return tags;
}

/** The key that makes a repository unique: its organization and name. */
export function repositoryKey(repo: { readonly namespace: string; readonly name: string }): string {
  return `${repo.namespace}\u0000${repo.name}`;
}

/** Error bodies come in four shapes; all carry a code and a message under one of two spellings. */
const errorObjectSchema = z.looseObject({
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  error_code: z.string().optional(),
  error_msg: z.string().optional(),
  detail: z.unknown().optional(),
  request_id: z.string().optional(),
});

/** The server's code, message and request id from an error body, whichever shape it came in. */
export interface ServerError {
  readonly code?: string;
  readonly message?: string;
  readonly requestId?: string;
}

/**
 * Reads an error body of any documented shape; an unreadable body yields its text as the message.
 * The text is the server's, raw: `SwrApiError` escapes and cuts it (after the client's
 * redaction has seen it whole, so a secret is never cut in two and half of it shown).
 */
export function parseErrorBody(text: string): ServerError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    return trimmed ? { message: trimmed } : {};
  }
  const first = Array.isArray(json) ? json[0] : json;
  const parsed = errorObjectSchema.safeParse(first);
  if (!parsed.success) return {};
  const e = parsed.data;
  const detail = typeof e.detail === "string" && e.detail ? ` (${e.detail})` : "";
  const message = e.errorMessage ?? e.error_msg;
  return {
    code: e.errorCode ?? e.error_code,
    message: message === undefined ? undefined : message + detail,
    requestId: e.request_id,
  };
}
