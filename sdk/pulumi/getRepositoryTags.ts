import * as pulumi from "@pulumi/pulumi";
import { TagOrderColumn } from "../client/query/tagQuery";
import { OrderType } from "../client/query/rules";
import { RepositoryTagsResult, unpackRepositoryTagsResult } from "../protocol/results";
import { GET_REPOSITORY_TAGS_TOKEN } from "../protocol/tokens";
import { functionInvokeArgs, OutputArgsOf, SwrFunctionSettings } from "./invokeArgs";

/** Arguments of {@link getRepositoryTags}: the repository, the query, and optionally the settings. */
export interface GetRepositoryTagsArgs extends SwrFunctionSettings {
  /** The organization (namespace) of the repository. */
  readonly namespace: string;
  /** The repository name; it may contain `/` (`platform/api`). */
  readonly repository: string;
  /** Only exactly this tag (exact even where the server matches fragments). */
  readonly tag?: string;
  /** Column to order by, `updated_at` or `tag`; give `orderType` with it. Without an order, by tag. */
  readonly orderColumn?: TagOrderColumn;
  /** `asc` or `desc`; give `orderColumn` with it. */
  readonly orderType?: OrderType;
  /** Page size (1–1000) for one page; give `offset` with it. Without both, every tag is listed. */
  readonly limit?: number;
  /** Start of the page: 0 or a multiple of `limit`; give `limit` with it. */
  readonly offset?: number;
}

/** {@link GetRepositoryTagsArgs} whose fields may be outputs of other resources. */
export type GetRepositoryTagsOutputArgs = OutputArgsOf<GetRepositoryTagsArgs>;

/**
 * The result of {@link getRepositoryTags}: `tags` (each an {@link ImageTag}), `total`, and `imageRefs`
 * (`path@digest` for each tag, in `tags` order).
 */
export type GetRepositoryTagsResult = RepositoryTagsResult;

// Packed, as getRepositories is: a repository can hold thousands of tags, and one JSON string
// crosses the plugin protocol far faster than a Struct per tag.
const invokeArgs = (args: GetRepositoryTagsOutputArgs, opts: pulumi.InvokeOptions | undefined) =>
  functionInvokeArgs(GET_REPOSITORY_TAGS_TOKEN, args, opts, { packed: true });

/**
 * Lists the tags of one SWR repository (every tag exactly once, or with `limit`/`offset` one page),
 * each with its digest and the `path@digest` reference that pins it. Runs in the `swr` plugin; see
 * {@link SwrFunctionSettings} for where settings come from. Invalid arguments reject naming the
 * argument; server errors (a missing repository is a 404) keep the server's code and request id.
 *
 * @example
 * import * as swr from "pulumi-swr";
 *
 * const { tags, imageRefs } = await swr.getRepositoryTags({ namespace: "team-a", repository: "platform/api" });
 * const releases = tags.filter((t) => /^v\d/.test(t.tag)).map((t) => t.imageRef);
 */
export function getRepositoryTags(
  args: GetRepositoryTagsArgs,
  opts?: pulumi.InvokeOptions,
): Promise<GetRepositoryTagsResult> {
  return pulumi.runtime
    .invoke(GET_REPOSITORY_TAGS_TOKEN, invokeArgs(args, opts), opts)
    .then(unpackRepositoryTagsResult);
}

/**
 * {@link getRepositoryTags} as an output: arguments may be outputs, and the result is secret when
 * any argument (a credential from arguments or `swr:*` config, for one) was secret. Wrap a derived
 * value in `pulumi.unsecret` to show it in stack outputs.
 *
 * @example
 * import * as pulumi from "@pulumi/pulumi";
 * import * as swr from "pulumi-swr";
 *
 * const tags = swr.getRepositoryTagsOutput({ namespace: "team-a", repository: "web", orderColumn: "updated_at", orderType: "desc" });
 * export const newest = pulumi.unsecret(tags.imageRefs.apply((refs) => refs[0]));
 */
export function getRepositoryTagsOutput(
  args: GetRepositoryTagsOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetRepositoryTagsResult> {
  return pulumi.runtime
    .invokeOutput(GET_REPOSITORY_TAGS_TOKEN, invokeArgs(args, opts), opts)
    .apply(unpackRepositoryTagsResult);
}
