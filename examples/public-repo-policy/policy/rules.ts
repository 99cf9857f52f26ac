import type { StackValidationPolicy } from "@pulumi/policy";

/**
 * The `kind` output of pulumi-swr's `RepositoryInventory` (its `INVENTORY_KIND`). Repeated here so the
 * pack needs neither pulumi-swr nor credentials: it reads the outputs the engine hands it.
 */
export const INVENTORY_KIND = "swr:RepositoryInventory";

/** Inventories are Pulumi dynamic resources: their types all start with this. */
const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

/** At most this many repositories are named in one message; the rest are counted. */
const MAX_NAMED = 20;

/** The policy's configuration (`allowedPublicRepositories` in the policy pack config). */
export interface PublicRepositoryConfig {
  /** Repositories that may be public, as `namespace/name`; `namespace/*` allows a whole organization. */
  readonly allowedPublicRepositories?: readonly string[];
}

/** What the policy reads of a stack resource: its type, URN, name and outputs. */
export interface StackResource {
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
}

/** One inventory that holds public repositories outside the allow-list. */
export interface PublicRepositoryViolation {
  /** The inventory's URN. */
  readonly urn: string;
  /** The offending repositories, `namespace/name`, sorted. */
  readonly repositories: readonly string[];
  /** What to tell the user: the inventory, the repositories, and the two ways out. */
  readonly message: string;
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === "string");

function allowed(repository: string, allowList: readonly string[]): boolean {
  const namespace = repository.slice(0, repository.indexOf("/"));
  return allowList.includes(repository) || allowList.includes(`${namespace}/*`);
}

/**
 * Finds the `RepositoryInventory` resources of a stack whose `publicRepositories` output names a
 * repository outside the allow-list. Pure: the pack's `validateStack` and the tests call it alike.
 * Inventories whose outputs are not known yet (a preview of a new one) are skipped.
 *
 * @example
 * findPublicRepositories(args.resources, { allowedPublicRepositories: ["library/nginx"] });
 */
export function findPublicRepositories(
  resources: readonly StackResource[],
  config: PublicRepositoryConfig = {},
): PublicRepositoryViolation[] {
  const allowList = config.allowedPublicRepositories ?? [];
  const violations: PublicRepositoryViolation[] = [];
  for (const resource of resources) {
    if (!resource.type.startsWith(DYNAMIC_TYPE_PREFIX) || resource.props.kind !== INVENTORY_KIND) continue;
    const listed = resource.props.publicRepositories;
    if (!isStringArray(listed)) continue;
    const repositories = [...new Set(listed.filter((r) => !allowed(r, allowList)))].sort();
    if (repositories.length === 0) continue;
    const named = repositories.slice(0, MAX_NAMED).join(", ");
    const more = repositories.length > MAX_NAMED ? ` and ${repositories.length - MAX_NAMED} more` : "";
    violations.push({
      urn: resource.urn,
      repositories,
      message:
        `RepositoryInventory "${resource.name}" holds ${repositories.length} public SWR ` +
        `${repositories.length === 1 ? "repository" : "repositories"} not on the allow-list: ${named}${more}. ` +
        `Make them private in SWR, or add them to allowedPublicRepositories in the policy config.`,
    });
  }
  return violations;
}

/** The stack policy: mandatory, so a public repository outside the allow-list fails `pulumi up` and `preview`. */
export const noPublicRepositories: StackValidationPolicy = {
  name: "swr-no-public-repositories",
  description: "SWR repositories listed by a RepositoryInventory must be private unless allow-listed.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedPublicRepositories: {
        type: "array",
        items: { type: "string", pattern: "^[^/]+/.+$" },
        default: [],
        description:
          "Repositories that may be public, as namespace/name; namespace/* allows a whole organization.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = args.getConfig<PublicRepositoryConfig>();
    for (const violation of findPublicRepositories(args.resources, config))
      reportViolation(violation.message, violation.urn);
  },
};
