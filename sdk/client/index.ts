/**
 * The client core of pulumi-swr: what a program that lists SWR repositories without Pulumi uses.
 * No Pulumi import anywhere below this folder.
 */
export {
  SwrClient,
  type ListingResult,
  type ListingStats,
  type ListOptions,
  type RepositoryListing,
  type RepositoryPage,
  type RepositoryTagListing,
  type RepositoryTagPage,
  type StreamedPage,
  type SwrClientOptions,
} from "./client";
export {
  SwrAbortError,
  SwrApiError,
  SwrCredentialsError,
  SwrError,
  SwrInputError,
  SwrListingError,
  SwrNetworkError,
  SwrResponseError,
  SwrSelectionError,
  type InputIssue,
  type ListingFailure,
  type SelectionFailure,
  type SwrErrorCode,
  type SwrErrorDetails,
} from "./errors";
export { compareStrings } from "./stringOrder";
export { REPOSITORY_FIELDS, repositoryKey, type Repository } from "./model/repository";
export { IMAGE_TAG_FIELDS, imageRefOf, type ImageTag, type TagTarget } from "./model/imageTag";
export {
  CATEGORIES,
  FILTER_ORDER_COLUMNS,
  ORDER_COLUMNS,
  validateQuery,
  type Category,
  type FilterOrderColumn,
  type OrderColumn,
  type RepositoryFilter,
  type RepositoryQuery,
} from "./query/repositoryQuery";
export { MAX_PAGE_SIZE } from "./query/pageSize";
export type { OrderType } from "./query/rules";
export {
  TAG_ORDER_COLUMNS,
  validateTagRequest,
  type RepositoryTagQuery,
  type RepositoryTagRequest,
  type TagOrderColumn,
} from "./query/tagQuery";
export {
  findImage,
  imageRequestIssues,
  selectImage,
  validateSelector,
  type ImageSelector,
} from "./imageSelection";
export {
  layerSettings,
  SETTING_NAMES,
  SETTINGS,
  type SettingName,
  type SettingSpec,
  type SettingValues,
  type SwrSettings,
} from "./settings";
export { regionEndpoint, resolveSettings, type Credentials, type ResolvedSettings } from "./resolveSettings";
export { debugFromEnv } from "./http/debug";
export { escapeControls } from "./untrustedText";
export type { PagingOptions } from "./listing/engine";
export { DEFAULT_CONCURRENCY, type RequestPathOptions } from "./http/requestPath";
export type { RetryOptions } from "./http/retryPolicy";
export type { TransportOptions } from "./http/transport";
