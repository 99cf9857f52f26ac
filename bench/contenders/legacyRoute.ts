import { collectListing, type ListingSpec } from "../../sdk/client/listing/engine";
import { createTransport } from "../../sdk/client/http/transport";
import { NAME_COLLATIONS } from "../../sdk/client/listing/collation";
import { repositoryListing } from "../../sdk/client/operations/repositories";
import { resolveSettings, type Repository } from "../../sdk/client";
import { sortRepositories } from "../../sdk/client/order/repositoryOrder";
import { type PageContext } from "../../sdk/client/listing/page";
import { listingRequestPath } from "../../sdk/client/http/requestPath";
import { authenticating } from "../../sdk/client/http/authenticating";
import { measure, target } from "./common";

/**
 * (a′) The route the client took before it kept to the documented contract: a plain
 * `order_column=name` (which SWR documents only inside `filter`), through the same listing engine,
 * so that the two routes differ in their requests alone. It works against a permissive server only.
 */
async function main(): Promise<void> {
  const t = target();
  const settings = resolveSettings({ endpoint: t.url, accessKey: t.accessKey, secretKey: t.secretKey }, {});
  const transport = createTransport();
  const context: PageContext = {
    send: listingRequestPath(authenticating(settings, Date.now)(transport.send), {
      concurrency: t.concurrency,
    }),
  };
  const plain = (limit: number, offset: number, name?: string): Array<[string, string]> => [
    ...(name === undefined ? [] : [["name", name] as [string, string]]),
    ["limit", String(limit)],
    ["offset", String(offset)],
    ["order_column", "name"],
    ["order_type", "asc"],
  ];
  const spec: ListingSpec<Repository> = {
    ...repositoryListing({}),
    routes: [
      {
        describe: "plain order_column=name",
        pagePairs: (limit, offset) => plain(limit, offset),
        orderKey: (repo) => repo.name,
        collations: NAME_COLLATIONS,
        selectPairs: (name, limit, offset) => plain(limit, offset, name),
      },
    ],
  };
  await measure(async () =>
    sortRepositories(await collectListing(spec, context, { maxRelists: 3 }), undefined),
  );
  await transport.close();
}

void main();
