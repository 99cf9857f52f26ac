import { SwrInputError } from "../sdk/client/errors";
import type { ImageSelector } from "../sdk/client/imageSelection";

/**
 * The positional argument of `tags` and `image`: a repository, `NAMESPACE/REPOSITORY`, and for
 * `image` the image in it, `[:TAG|@DIGEST]`.
 */

/** The one positional argument of a command; a missing or extra one is an input error naming it. */
export function onePositional(positionals: readonly string[], name: string): string {
  if (positionals.length !== 1)
    throw new SwrInputError([
      {
        field: name,
        rule:
          positionals.length === 0
            ? "is required, e.g. team-a/platform/api"
            : `give exactly one; got ${positionals.map((p) => JSON.stringify(p)).join(" ")}`,
      },
    ]);
  return positionals[0];
}

/**
 * `team-a/platform/api` → namespace `team-a`, repository `platform/api`: the first segment is the
 * namespace, the rest (which may hold `/`) the repository.
 */
export function splitRepository(text: string): { namespace: string; repository: string } {
  const slash = text.indexOf("/");
  if (slash < 0)
    throw new SwrInputError([
      {
        field: "NAMESPACE/REPOSITORY",
        rule: `must name a namespace and a repository, e.g. team-a/platform/api; got ${JSON.stringify(text)}`,
      },
    ]);
  return { namespace: text.slice(0, slash), repository: text.slice(slash + 1) };
}

/**
 * `team-a/platform/api:v1` → the repository and `{ tag: "v1" }`; `…@sha256:…` → `{ digest }`; no
 * suffix → `{ latest: true }`. Repository names hold neither `:` nor `@`, so the suffix is unambiguous.
 */
export function parseImageReference(text: string): {
  namespace: string;
  repository: string;
  selector: ImageSelector;
} {
  const { namespace, repository: rest } = splitRepository(text);
  const at = rest.indexOf("@");
  if (at >= 0) return { namespace, repository: rest.slice(0, at), selector: { digest: rest.slice(at + 1) } };
  const colon = rest.lastIndexOf(":");
  if (colon >= 0)
    return { namespace, repository: rest.slice(0, colon), selector: { tag: rest.slice(colon + 1) } };
  return { namespace, repository: rest, selector: { latest: true } };
}
