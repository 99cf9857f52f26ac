/**
 * Comparing two listings: which repositories appeared, disappeared or changed in a field drift
 * compares; and reading a saved listing (a baseline) to compare against.
 */
import { z } from "zod";
import { InputIssue, SwrInputError } from "../client/errors";
import { issuePath } from "../client/issuePath";
import { compareStrings } from "../client/stringOrder";
import { repositoryKey } from "../client/model/repository";
import { DriftReport, DriftSubject, FieldChange, RepositoryChange, RepositoryRef } from "./report";

function byKey(a: { namespace: string; name: string }, b: { namespace: string; name: string }): number {
  return compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name);
}

function index(listing: readonly DriftSubject[], label: string): Map<string, DriftSubject> {
  const map = new Map<string, DriftSubject>();
  listing.forEach((repo, i) => {
    const key = repositoryKey(repo);
    if (map.has(key))
      throw new SwrInputError([
        {
          field: `${label}[${i}]`,
          rule: `repeats ${repo.namespace}/${repo.name}; a listing names each repository once`,
        },
      ]);
    map.set(key, repo);
  });
  return map;
}

function fieldChanges(before: DriftSubject, after: DriftSubject): FieldChange[] {
  const changes: FieldChange[] = [];
  if (before.isPublic !== after.isPublic)
    changes.push({ field: "isPublic", before: before.isPublic, after: after.isPublic });
  for (const field of ["category", "description"] as const)
    if (before[field] !== after[field]) changes.push({ field, before: before[field], after: after[field] });
  if (before.size !== after.size) changes.push({ field: "size", before: before.size, after: after.size });
  const beforeTags = [...before.tags].sort(compareStrings);
  const afterTags = [...after.tags].sort(compareStrings);
  const had = new Set(beforeTags);
  const has = new Set(afterTags);
  const added = afterTags.filter((t) => !had.has(t));
  const removed = beforeTags.filter((t) => !has.has(t));
  if (added.length > 0 || removed.length > 0)
    changes.push({ field: "tags", before: beforeTags, after: afterTags, added, removed });
  return changes;
}

const ref = (r: DriftSubject): RepositoryRef => ({
  namespace: r.namespace,
  name: r.name,
  isPublic: r.isPublic,
});

/**
 * Compares two listings of repositories, matched by (namespace, name). Pure: no I/O, and the input
 * order does not matter. Throws {@link SwrInputError} when a listing names a repository twice.
 *
 * @example
 * const report = compareListings(baseline, (await client.listRepositories()).repositories);
 * if (hasDrift(report)) console.log(renderDriftMarkdown(report));
 */
export function compareListings(
  before: readonly DriftSubject[],
  after: readonly DriftSubject[],
): DriftReport {
  const old = index(before, "before");
  const now = index(after, "after");
  const added = after.filter((r) => !old.has(repositoryKey(r))).map(ref);
  const removed = before.filter((r) => !now.has(repositoryKey(r))).map(ref);
  const changed: RepositoryChange[] = [];
  let unchanged = 0;
  for (const [key, was] of old) {
    const is = now.get(key);
    if (!is) continue;
    const changes = fieldChanges(was, is);
    if (changes.length > 0) changed.push({ namespace: is.namespace, name: is.name, changes });
    else unchanged++;
  }
  return { added: added.sort(byKey), removed: removed.sort(byKey), changed: changed.sort(byKey), unchanged };
}

/** "is required" for a missing field, else `rule`. */
const expected = (rule: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "is required" : rule;
const text = z.string({ error: expected("must be a string") });
const count = z
  .number({ error: expected("must be a number") })
  .int({ error: "must be a whole number" })
  .min(0, { error: "must be 0 or more" });

/** Issues shown before the rest are summarized, so one bad file does not print thousands of lines. */
const MAX_ISSUES = 10;

/** A repository as `swr-repos list --format json` writes it; fields drift does not compare may be absent, unknown ones are ignored. */
export const driftSubjectSchema = z.object(
  {
    namespace: text.min(1, { error: "must not be empty" }),
    name: text.min(1, { error: "must not be empty" }),
    category: text,
    description: text,
    size: count,
    isPublic: z.boolean({ error: expected("must be true or false") }),
    tags: z.array(text, { error: expected("must be an array of tag names") }),
  },
  { error: "must be an object (a repository)" },
);

const listingSchema = z.array(driftSubjectSchema, {
  error: "must be a JSON array of repositories, as `swr-repos list --format json` writes",
});

/**
 * Validates a saved listing (a baseline), e.g. the parsed output of `swr-repos list --format json`.
 * Throws {@link SwrInputError} whose fields name the bad index and field under `label`, e.g.
 * `baseline[3].isPublic`, and when a repository appears twice.
 *
 * @example
 * const baseline = parseListing(JSON.parse(fs.readFileSync("baseline.json", "utf8")), "baseline");
 */
export function parseListing(value: unknown, label = "listing"): DriftSubject[] {
  const parsed = listingSchema.safeParse(value);
  if (!parsed.success) {
    const all = parsed.error.issues;
    const issues: InputIssue[] = all.slice(0, MAX_ISSUES).map((issue) => ({
      field: issuePath(label, issue.path),
      rule: issue.message,
    }));
    if (all.length > MAX_ISSUES)
      issues.push({ field: label, rule: `has ${all.length - MAX_ISSUES} more problems not shown` });
    throw new SwrInputError(issues);
  }
  index(parsed.data, label);
  return parsed.data;
}
