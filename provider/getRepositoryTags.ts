import { validateTagRequest } from "../sdk/client/tagSchemas";
import { GET_REPOSITORY_TAGS_TOKEN } from "../sdk/getRepositoryTags";
import { packRepositoryTagsResult, toRepositoryTagsResult } from "../sdk/result";
import { functionHandler } from "./handler";

/**
 * `swr:index:getRepositoryTags`: validates the repository, query and settings, lists the tags
 * through the client core, and returns {@link toRepositoryTagsResult}, packed when asked. Broken
 * rules come back as failures naming the argument; server errors (a missing repository is a 404) as
 * errors keeping the server's code and request id.
 */
export const getRepositoryTags = functionHandler({
  token: GET_REPOSITORY_TAGS_TOKEN,
  parse: ({ namespace, repository, ...query }) => validateTagRequest(namespace, repository, query),
  run: async (client, { namespace, repository, ...query }, options) =>
    toRepositoryTagsResult(await client.listRepositoryTags(namespace, repository, query, options)),
  pack: packRepositoryTagsResult,
});
