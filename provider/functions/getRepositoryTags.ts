import { validateTagRequest } from "../../sdk/client/query/tagQuery";
import { packRepositoryTagsResult, toRepositoryTagsResult } from "../../sdk/protocol/results";
import { GET_REPOSITORY_TAGS_TOKEN } from "../../sdk/protocol/tokens";
import {
  FunctionSpec,
  packedArgument,
  packedOutput,
  pageArguments,
  ref,
  REPOSITORY_ARGUMENTS,
  SETTING_ARGUMENTS,
  SETTINGS_NOTE,
  totalOutput,
} from "../schema/spec";
import { defineFunction } from "./handler";

const SPEC: FunctionSpec = {
  description: `Lists the tags of one Huawei Cloud SWR repository
(\`GET /v2/manage/namespaces/{namespace}/repos/{repository}/tags\`): every tag exactly once, or with
\`limit\`/\`offset\` one page, each with its digest and the \`path@digest\` reference that pins it. Results
are in the requested order with tag as the tie-break, else by tag. A repository that does not exist is an
error with SWR's code and request id.

${SETTINGS_NOTE}`,
  inputs: {
    description: "The repository, the query and, optionally, the settings.",
    properties: {
      ...REPOSITORY_ARGUMENTS,
      tag: {
        type: "string",
        description: "Only exactly this tag (exact even where the server matches fragments).",
      },
      orderColumn: {
        $ref: ref("TagOrderColumn"),
        description: "Column to order by; give `orderType` with it. Without an order: by tag.",
      },
      orderType: { $ref: ref("OrderType"), description: "`asc` or `desc`; give `orderColumn` with it." },
      ...pageArguments("tag"),
      ...SETTING_ARGUMENTS,
      packed: packedArgument("tags", "`tags` and `imageRefs`", "repositories with many tags"),
    },
    required: ["namespace", "repository"],
  },
  outputs: {
    description: "The tags, their count, and the digest-pinned references.",
    properties: {
      tags: {
        type: "array",
        items: { $ref: ref("ImageTag") },
        description: "The tags, each exactly once, in the documented deterministic order.",
      },
      total: totalOutput("tags"),
      imageRefs: {
        type: "array",
        items: { type: "string" },
        description: "`path@digest` for each tag, in `tags` order.",
      },
      packed: packedOutput("`tags` and `imageRefs`"),
    },
    required: ["total"],
  },
};

/**
 * `swr:index:getRepositoryTags`: validates the repository, query and settings, lists the tags
 * through the client core, and returns {@link toRepositoryTagsResult}, packed when asked. Broken
 * rules come back as failures naming the argument; server errors (a missing repository is a 404)
 * as errors keeping the server's code and request id.
 */
export const getRepositoryTags = defineFunction({
  token: GET_REPOSITORY_TAGS_TOKEN,
  spec: SPEC,
  parse: ({ namespace, repository, ...query }) => validateTagRequest(namespace, repository, query),
  run: async (client, { namespace, repository, ...query }, options) =>
    toRepositoryTagsResult(await client.listRepositoryTags(namespace, repository, query, options)),
  pack: packRepositoryTagsResult,
});
