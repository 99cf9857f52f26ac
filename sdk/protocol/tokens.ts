/**
 * The tokens of the functions the `swr` plugin serves: the contract between the plugin and every
 * SDK that invokes it. The plugin and the Node SDK's functions both import them from here.
 */

/** `getRepositories`: the repository list. */
export const GET_REPOSITORIES_TOKEN = "swr:index:getRepositories";

/** `getRepositoryTags`: one repository's tags. */
export const GET_REPOSITORY_TAGS_TOKEN = "swr:index:getRepositoryTags";

/** `getImage`: one image of a repository, picked by tag, digest or recency. */
export const GET_IMAGE_TOKEN = "swr:index:getImage";
