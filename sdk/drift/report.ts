/** What drift reports: the shapes of a report, shared by the comparison and the renderers. */
import type { Repository } from "../client/model/repository";

/**
 * The fields of a repository that drift compares, plus its identity. A full {@link Repository}
 * (from `listRepositories`, `swr-repos list --format json` or a `RepositoryInventory`) is one.
 *
 * Download counts, image counts and update times are not compared: they move with every pull and
 * push, so they would bury the changes a reviewer cares about.
 */
export type DriftSubject = Pick<
  Repository,
  "namespace" | "name" | "category" | "description" | "size" | "isPublic" | "tags"
>;

/** A repository that appeared or disappeared. */
export interface RepositoryRef {
  readonly namespace: string;
  readonly name: string;
  /** Whether it is (added) or was (removed) public. */
  readonly isPublic: boolean;
}

/** One changed field of a repository. Fields appear in this order: isPublic, category, description, size, tags. */
export type FieldChange =
  | { readonly field: "isPublic"; readonly before: boolean; readonly after: boolean }
  | { readonly field: "category" | "description"; readonly before: string; readonly after: string }
  | { readonly field: "size"; readonly before: number; readonly after: number }
  | {
      readonly field: "tags";
      readonly before: readonly string[];
      readonly after: readonly string[];
      /** Tags in `after` but not in `before`, sorted. */
      readonly added: readonly string[];
      /** Tags in `before` but not in `after`, sorted. */
      readonly removed: readonly string[];
    };

/** A repository present in both listings whose compared fields differ. */
export interface RepositoryChange {
  readonly namespace: string;
  readonly name: string;
  readonly changes: readonly FieldChange[];
}

/**
 * What changed between two listings. Every list is ordered by (namespace, name), so the same two
 * listings always give the same report, and its JSON is stable enough to diff or commit.
 */
export interface DriftReport {
  readonly added: readonly RepositoryRef[];
  readonly removed: readonly RepositoryRef[];
  readonly changed: readonly RepositoryChange[];
  /** Repositories in both listings with no compared field changed. */
  readonly unchanged: number;
}

/** True when the report holds any addition, removal or change. */
export function hasDrift(report: DriftReport): boolean {
  return report.added.length + report.removed.length + report.changed.length > 0;
}
