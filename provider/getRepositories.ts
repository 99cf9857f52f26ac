import { repositoryQuerySchema } from "../sdk/client/query";
import { GET_REPOSITORIES_TOKEN } from "../sdk/getRepositories";
import { packRepositoriesResult, toRepositoriesResult } from "../sdk/result";
import { functionHandler } from "./handler";

/**
 * `swr:index:getRepositories`: validates the query and settings, lists through the client core
 * (settings the invoke lacks come from the plugin's environment), and returns
 * {@link toRepositoriesResult}, packed when asked. Broken rules come back as failures naming the
 * argument; server errors as errors keeping the server's code and request id (never a credential).
 */
export const getRepositories = functionHandler({
  token: GET_REPOSITORIES_TOKEN,
  parse: (args) => repositoryQuerySchema.parse(args),
  run: async (client, query, options) => toRepositoriesResult(await client.listRepositories(query, options)),
  pack: packRepositoriesResult,
});
