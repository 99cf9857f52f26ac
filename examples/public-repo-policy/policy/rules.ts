import type { StackValidationPolicy } from "@pulumi/policy";

/**
 * The `kind` output of pulumi-swr's `RepositoryInventory` (its `INVENTORY_KIND`). Repeated here so these
 * rules need no pulumi-swr: they read the outputs the engine hands the pack.
 */
export const INVENTORY_KIND = "swr:RepositoryInventory";

/** Inventories are Pulumi dynamic resources: their types all start with this. */
const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

/** The type of a `RepositoryInventory`, which is all a preview shows of one that has not listed yet. */
export const INVENTORY_TYPE = "pulumi-nodejs:dynamic/swr:RepositoryInventory";

/** The inputs of a `RepositoryInventory`: its query and where to send it (never credentials). */
const INVENTORY_INPUTS = [
  "namespace",
  "name",
  "category",
  "isPublic",
  "filter",
  "orderColumn",
  "orderType",
  "region",
  "endpoint",
  "projectId",
] as const;

/** An inventory's inputs as the engine hands them over: what {@link PublicRepositoryLister} lists. */
export type InventoryInputs = { readonly [K in (typeof INVENTORY_INPUTS)[number]]?: unknown };

/**
 * Lists the public repositories an inventory's inputs select, as sorted `namespace/name` strings, the
 * way the inventory itself would list them (credentials from the environment of `pulumi`).
 */
export type PublicRepositoryLister = (inputs: InventoryInputs) => Promise<readonly string[]>;

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
  const violations: PublicRepositoryViolation[] = [];
  for (const resource of resources) {
    if (!resource.type.startsWith(DYNAMIC_TYPE_PREFIX) || resource.props.kind !== INVENTORY_KIND) continue;
    const listed = resource.props.publicRepositories;
    if (!isStringArray(listed)) continue;
    const violation = violationOf(resource, listed, config);
    if (violation) violations.push(violation);
  }
  return violations;
}

/** The violation of one inventory whose public repositories are `listed`, or none when all are allowed. */
function violationOf(
  resource: StackResource,
  listed: readonly string[],
  config: PublicRepositoryConfig,
): PublicRepositoryViolation | undefined {
  const allowList = config.allowedPublicRepositories ?? [];
  const repositories = [...new Set(listed.filter((r) => !allowed(r, allowList)))].sort();
  if (repositories.length === 0) return undefined;
  const named = repositories.slice(0, MAX_NAMED).join(", ");
  const more = repositories.length > MAX_NAMED ? ` and ${repositories.length - MAX_NAMED} more` : "";
  return {
    urn: resource.urn,
    repositories,
    message:
      `RepositoryInventory "${resource.name}" holds ${repositories.length} public SWR ` +
      `${repositories.length === 1 ? "repository" : "repositories"} not on the allow-list: ${named}${more}. ` +
      `Make them private in SWR, or add them to allowedPublicRepositories in the policy config.`,
  };
}

/**
 * The inventories whose listing the engine cannot show yet: in a preview, an inventory about to be
 * created, or updated after a refresh saw drift, carries its inputs only (a dynamic provider does not
 * run in a preview).
 */
export function pendingInventories(resources: readonly StackResource[]): StackResource[] {
  return resources.filter((r) => r.type === INVENTORY_TYPE && !isStringArray(r.props.publicRepositories));
}

/**
 * The query and settings of an inventory. Reading an input that is not known yet (an output of
 * another resource, in a preview) throws the policy SDK's unknown-value error.
 */
export function inventoryInputs(resource: StackResource): InventoryInputs {
  return Object.fromEntries(
    INVENTORY_INPUTS.map((key) => [key, resource.props[key]]).filter(([, value]) => value !== undefined),
  ) as InventoryInputs;
}

/**
 * The stack policy, mandatory: a public repository outside the allow-list fails `pulumi preview` and
 * `pulumi up`. With a `lister`, inventories a preview cannot show the listing of yet (see
 * {@link pendingInventories}) are listed by the pack itself, so a preview of a new stack, or with
 * `--refresh` after drift, is checked too; a listing that fails is a violation naming the error.
 * Without one, those inventories are left to `pulumi up`, which checks every listing it made.
 *
 * @example
 * new PolicyPack("swr-public-repositories", { policies: [publicRepositoryPolicy(listPublicRepositories)] });
 */
export function publicRepositoryPolicy(lister?: PublicRepositoryLister): StackValidationPolicy {
  return {
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
    validateStack: async (args, reportViolation) => {
      const config = args.getConfig<PublicRepositoryConfig>();
      // Listings the engine shows are reported before anything is awaited.
      for (const violation of findPublicRepositories(args.resources, config))
        reportViolation(violation.message, violation.urn);
      if (lister === undefined) return;
      let unknown: unknown;
      for (const resource of pendingInventories(args.resources)) {
        let inputs: InventoryInputs;
        try {
          inputs = inventoryInputs(resource);
        } catch (error) {
          unknown ??= error;
          continue;
        }
        let listed: readonly string[];
        try {
          listed = await lister(inputs);
        } catch (error) {
          reportViolation(
            `RepositoryInventory "${resource.name}" could not be checked: listing SWR failed: ` +
              `${error instanceof Error ? error.message : String(error)}`,
            resource.urn,
          );
          continue;
        }
        const violation = violationOf(resource, listed, config);
        if (violation) reportViolation(violation.message, violation.urn);
      }
      // The rest are checked; rethrown, the unknown-value error makes the policy SDK report the
      // policy as not runnable in this preview (advisory) instead of passing it.
      if (unknown !== undefined) throw unknown;
    },
  };
}

/** {@link publicRepositoryPolicy} without a lister: it checks the listings the engine shows, needing neither pulumi-swr nor credentials. */
export const noPublicRepositories: StackValidationPolicy = publicRepositoryPolicy();
