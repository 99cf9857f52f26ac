import { repositoryQuerySchema } from "../../sdk/client/query/repositoryQuery";
import { packRepositoriesResult, toRepositoriesResult } from "../../sdk/protocol/results";
import { GET_REPOSITORIES_TOKEN } from "../../sdk/protocol/tokens";
import {
  FunctionSpec,
  packedArgument,
  packedOutput,
  queryArgumentProperties,
  ref,
  SETTING_ARGUMENTS,
  SETTINGS_NOTE,
  totalOutput,
} from "../schema/spec";
import { defineFunction } from "./handler";

const GET_REPOSITORIES_DESCRIPTION = `Lists Huawei Cloud SWR image repositories (\`GET /v2/manage/repos\`): the complete set, every
repository exactly once, or with \`limit\`/\`offset\` one page. Results are in the requested order with
(namespace, name) as the tie-break, else by (namespace, name); tags are sorted.

${SETTINGS_NOTE}`;

const SPEC: FunctionSpec = {
  description: GET_REPOSITORIES_DESCRIPTION,
  inputs: {
    description: "The query (every parameter of the repository list) and, optionally, the settings.",
    properties: {
      ...queryArgumentProperties(),
      ...SETTING_ARGUMENTS,
      packed: packedArgument("repositories", "`repositories`, `paths` and `imageRefs`", "large registries"),
    },
  },
  outputs: {
    description: "The repositories, their count, and the lists a stack wants without mapping.",
    properties: {
      repositories: {
        type: "array",
        items: { $ref: ref("Repository") },
        description: "The repositories, each exactly once, in the documented deterministic order.",
      },
      total: totalOutput("repositories"),
      paths: {
        type: "array",
        items: { type: "string" },
        description: "The pull path of each repository, in `repositories` order.",
      },
      imageRefs: {
        type: "array",
        items: { type: "string" },
        description: "`path:tag` for every tag of every repository, in `repositories` order.",
      },
      packed: packedOutput("`repositories`, `paths` and `imageRefs`"),
    },
    required: ["total"],
  },
};

/**
 * `swr:index:getRepositories`: validates the query and settings, lists through the client core
 * (settings the invoke lacks come from the provider's configuration, then the plugin's
 * environment), and returns {@link toRepositoriesResult}, packed when asked. Broken rules come back
 * as failures naming the argument; server errors as errors keeping the server's code and request
 * id (never a credential).
 */
export const getRepositories = defineFunction({
  token: GET_REPOSITORIES_TOKEN,
  spec: SPEC,
  parse: (args) => repositoryQuerySchema.parse(args),
  run: async (client, query, options) => toRepositoriesResult(await client.listRepositories(query, options)),
  pack: packRepositoriesResult,
});
