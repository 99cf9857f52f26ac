/**
 * pulumi-swr for Pulumi programs: the functions (`getRepositories`, `getRepositoryTags`,
 * `getImage`), the explicit `Provider`, the `RepositoryInventory` resource, drift reports, and the
 * client core for listing without Pulumi.
 */
export * from "./client";
export { Provider, type ProviderArgs } from "./pulumi/provider";
export {
  getRepositories,
  getRepositoriesOutput,
  type GetRepositoriesArgs,
  type GetRepositoriesFilter,
  type GetRepositoriesFilterArgs,
  type GetRepositoriesOutputArgs,
  type GetRepositoriesResult,
} from "./pulumi/getRepositories";
export {
  getRepositoryTags,
  getRepositoryTagsOutput,
  type GetRepositoryTagsArgs,
  type GetRepositoryTagsOutputArgs,
  type GetRepositoryTagsResult,
} from "./pulumi/getRepositoryTags";
export {
  getImage,
  getImageOutput,
  type GetImageArgs,
  type GetImageOutputArgs,
  type GetImageResult,
} from "./pulumi/getImage";
export type { OutputArgsOf, SwrFunctionSettings } from "./pulumi/invokeArgs";
export { invokeSettings, stackConfigSettings } from "./pulumi/stackConfig";
export {
  canonicalJson,
  INVENTORY_KIND,
  RepositoryInventory,
  type InventoryState,
  type RepositoryInventoryArgs,
} from "./pulumi/repositoryInventory";
export {
  toRepositoriesResult,
  toRepositoryTagsResult,
  type RepositoriesResult,
  type RepositoryTagsResult,
} from "./protocol/results";
export { GET_IMAGE_TOKEN, GET_REPOSITORIES_TOKEN, GET_REPOSITORY_TAGS_TOKEN } from "./protocol/tokens";
export { compareListings, driftSubjectSchema, parseListing } from "./drift/compare";
export { renderDriftMarkdown } from "./drift/render";
export { packListing, unpackListing, PACKED_LISTING_FORMAT, type PackedListing } from "./drift/packedListing";
export {
  hasDrift,
  type DriftReport,
  type DriftSubject,
  type FieldChange,
  type RepositoryChange,
  type RepositoryRef,
} from "./drift/report";
