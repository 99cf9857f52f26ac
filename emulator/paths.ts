/**
 * The paths the emulator serves, and how it reads them: the repository list, each repository's tag
 * list, and its own control endpoints.
 */

/** The repository list's path; a trailing `/` is tolerated, as signers canonicalize with one. */
const LIST_PATHS = new Set(["/v2/manage/repos", "/v2/manage/repos/"]);

/** Whether `pathname` is the repository list's (`GET /v2/manage/repos`). */
export function isListPath(pathname: string): boolean {
  return LIST_PATHS.has(pathname);
}

/** The repository a tag-list path names. */
export interface TagsTarget {
  readonly namespace: string;
  /** The repository name, `$` turned back into `/`. */
  readonly repository: string;
}

const TAGS_PATH = /^\/v2\/manage\/namespaces\/([^/]+)\/repos\/([^/]+)\/tags\/?$/;

/**
 * The repository named by `GET /v2/manage/namespaces/{namespace}/repos/{repository}/tags` (a
 * trailing `/` tolerated), or `undefined` for any other path. Segments are percent-decoded, then a
 * `$` in the repository segment stands for `/`, as SWR documents.
 */
export function matchTagsPath(pathname: string): TagsTarget | undefined {
  const m = TAGS_PATH.exec(pathname);
  if (!m) return undefined;
  return { namespace: decodeSegment(m[1]), repository: decodeSegment(m[2]).replace(/\$/g, "/") };
}

/** Where the emulator's own control endpoints live; SWR has no path like it. */
export const CONTROL_PREFIX = "/__emulator/";

/** The path as a signer saw it before encoding; a malformed escape is kept as sent. */
export function decodePath(path: string): string {
  return path.split("/").map(decodeSegment).join("/");
}

/** One percent-decoded path segment; a malformed escape is kept as sent. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
