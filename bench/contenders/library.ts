import { DEFAULT_CONCURRENCY, SwrClient } from "../../sdk/client";
import { measure, target } from "./common";

/** (a) Our client's complete listing, as a library call. */
async function main(): Promise<void> {
  const t = target();
  const client = new SwrClient({
    endpoint: t.url,
    accessKey: t.accessKey,
    secretKey: t.secretKey,
    // The default is left unset, as users leave it, so that the first wave may be wide.
    concurrency: t.concurrency === DEFAULT_CONCURRENCY ? undefined : t.concurrency,
    transport: { compression: t.compression ?? true },
    env: {},
  });
  await measure(async () => (await client.listRepositories()).repositories);
  await client.close();
}

void main();
