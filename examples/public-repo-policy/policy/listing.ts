import { compareStrings, debugFromEnv, RepositoryQuery, SwrClient } from "pulumi-swr/dist/sdk/client";
import type { InventoryInputs } from "./rules";

/**
 * Lists the public repositories an inventory's inputs select, as sorted `namespace/name` strings: the
 * inventory's own query and settings through pulumi-swr's client, with credentials from the
 * environment of `pulumi` (`HW_ACCESS_KEY` and `HW_SECRET_KEY`, or `HW_AUTH_TOKEN`), as the inventory's
 * provider reads them. The client validates the query, so a bad input is an error naming it.
 *
 * @example
 * await listPublicRepositories({ namespace: "team-a", region: "ap-southeast-1" }); // ["team-a/web"]
 */
export async function listPublicRepositories(inputs: InventoryInputs): Promise<string[]> {
  const { region, endpoint, projectId, ...query } = inputs;
  // An inventory of private repositories only holds no public one.
  if (query.isPublic === false) return [];
  const client = new SwrClient({
    region: region as string | undefined,
    endpoint: endpoint as string | undefined,
    projectId: projectId as string | undefined,
    // As in the plugin: SWR_DEBUG=1 where `pulumi` runs logs each request (secrets redacted by the
    // client) to the pack's stderr, which the engine shows with --logtostderr or keeps in its logs.
    debug: debugFromEnv(process.env),
  });
  try {
    // Only the public ones: the server answers fewer (where it knows `is_public`), and the client
    // holds every row to it either way.
    const { repositories } = await client.listRepositories({ ...(query as RepositoryQuery), isPublic: true });
    return repositories.map((r) => `${r.namespace}/${r.name}`).sort(compareStrings);
  } finally {
    await client.close();
  }
}
