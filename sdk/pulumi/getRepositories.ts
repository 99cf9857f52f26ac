import * as pulumi from "@pulumi/pulumi";
import { Category, FilterOrderColumn, OrderColumn } from "../client/query/repositoryQuery";
import { RepositoryQuery } from "../client/query/repositoryQuery";
import { OrderType } from "../client/query/rules";
import { RepositoriesResult, unpackRepositoriesResult } from "../protocol/results";
import { GET_REPOSITORIES_TOKEN } from "../protocol/tokens";
import { DocumentsExactly, functionInvokeArgs, Holds, OutputArgsOf, SwrFunctionSettings } from "./invokeArgs";

/** The structured `filter` parameter: fuzzy matches and an order, sent as `key::value|key::value`. */
export interface GetRepositoriesFilter {
  /** Organization names containing this text. */
  readonly namespace?: string;
  /** Repository names containing this text. */
  readonly name?: string;
  /** Only this category. */
  readonly category?: Category;
  /** Column to order by (`name`, `updated_time` or `tag_count`); give `orderType` with it. */
  readonly orderColumn?: FilterOrderColumn;
  /** `asc` or `desc`; give `orderColumn` with it. */
  readonly orderType?: OrderType;
}

/** {@link GetRepositoriesFilter} whose fields may be outputs of other resources. */
export type GetRepositoriesFilterArgs = OutputArgsOf<GetRepositoriesFilter>;

/**
 * Arguments of {@link getRepositories}: the query (every parameter of SWR's repository list) and,
 * optionally, where and how to reach SWR.
 *
 * See {@link SwrFunctionSettings} for where each setting comes from.
 */
export interface GetRepositoriesArgs extends SwrFunctionSettings {
  /** Only repositories of this organization (exact name). */
  readonly namespace?: string;
  /** Only the repository with exactly this name (the result is exact even where the server matches fuzzily). */
  readonly name?: string;
  /** Only repositories of this category. */
  readonly category?: Category;
  /**
   * Only public (`true`) or only private (`false`) repositories. Exact on every server: an older SWR
   * that ignores or refuses `is_public` is listed without it, and every row is checked.
   */
  readonly isPublic?: boolean;
  /** Fuzzy matches and an order; where it carries a key, the plain argument of the same meaning is ignored, as on the server. */
  readonly filter?: GetRepositoriesFilter;
  /**
   * Column to order by (`updated_at`, `name`, `tag_count`, `namespace`, `is_public`…); give `orderType`
   * with it. Ties are by (namespace, name); without an order, results are by (namespace, name).
   */
  readonly orderColumn?: OrderColumn;
  /** `asc` or `desc`; give `orderColumn` with it. */
  readonly orderType?: OrderType;
  /** Page size (1–1000) for one page; give `offset` with it. Without both, every repository is listed. */
  readonly limit?: number;
  /** Start of the page: 0 or a multiple of `limit`; give `limit` with it. */
  readonly offset?: number;
}

/**
 * Holds at compile time: {@link GetRepositoriesArgs} names exactly the query arguments of the table
 * (`REPOSITORY_QUERY_ARGUMENTS`, `sdk/client/query/repositoryArguments.ts`), with their types. An
 * argument added there fails the build until it is documented above. (Not exported by the package.)
 */
export type GetRepositoriesArgsDocumentTheTable = Holds<
  DocumentsExactly<GetRepositoriesArgs, RepositoryQuery>
>;

/** {@link GetRepositoriesArgs} whose fields (and the filter's) may be outputs of other resources. */
export type GetRepositoriesOutputArgs = Omit<OutputArgsOf<GetRepositoriesArgs>, "filter"> & {
  /** Fuzzy matches and an order; where it carries a key, the plain argument of the same meaning is ignored. */
  readonly filter?: pulumi.Input<GetRepositoriesFilterArgs>;
};

/**
 * The result of {@link getRepositories}: `repositories` (camelCase fields, as `swr-repos list --format
 * json` prints them), `total`, and the pull `paths` and `imageRefs` (`path:tag`) lists.
 */
export type GetRepositoriesResult = RepositoriesResult;

// Ask for the packed form: the plugin protocol's Struct encoding costs about 0.7 s per 1000
// repositories on each side, and fails outright on large registries; a packed table crosses in milliseconds.
const invokeArgs = (args: GetRepositoriesOutputArgs, opts: pulumi.InvokeOptions | undefined) =>
  functionInvokeArgs(GET_REPOSITORIES_TOKEN, args, opts, { packed: true });

/**
 * Lists SWR image repositories: the complete set (every repository exactly once, deterministic
 * order), or with `limit`/`offset` one page. Runs in the `swr` plugin; see {@link GetRepositoriesArgs}
 * for where settings come from. Invalid arguments reject naming the argument; server errors keep the
 * server's code and request id.
 *
 * Credentials travel to the plugin as secrets. The promise form returns plain values; use
 * {@link getRepositoriesOutput} to keep secretness (its result is secret when a credential came from
 * arguments or config).
 *
 * @example
 * import * as swr from "pulumi-swr";
 *
 * const repos = await swr.getRepositories({ namespace: "team-a", region: "ap-southeast-1" });
 * const image = repos.imageRefs.find((ref) => ref.endsWith(":1.4.2"));
 */
export function getRepositories(
  args: GetRepositoriesArgs = {},
  opts?: pulumi.InvokeOptions,
): Promise<GetRepositoriesResult> {
  return pulumi.runtime
    .invoke(GET_REPOSITORIES_TOKEN, invokeArgs(args, opts), opts)
    .then(unpackRepositoriesResult);
}

/**
 * {@link getRepositories} as an output: arguments may be outputs, the result waits for them, and it is
 * secret when any argument (a credential from arguments or `swr:*` config, for one) was secret. Wrap
 * a derived value in `pulumi.unsecret` to show it in stack outputs.
 *
 * @example
 * import * as pulumi from "@pulumi/pulumi";
 * import * as swr from "pulumi-swr";
 *
 * const repos = swr.getRepositoriesOutput({ category: "app_server" });
 * export const webImage = pulumi.unsecret(repos.paths.apply((paths) => paths.find((p) => p.endsWith("/web"))));
 */
export function getRepositoriesOutput(
  args: GetRepositoriesOutputArgs = {},
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetRepositoriesResult> {
  return pulumi.runtime
    .invokeOutput(GET_REPOSITORIES_TOKEN, invokeArgs(args, opts), opts)
    .apply(unpackRepositoriesResult);
}
