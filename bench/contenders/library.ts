import { SwrClient } from "../../sdk/client";
import { measure, target } from "./common";

/** (a) Our client's complete listing, as a library call. */
async function main(): Promise<void> {
  const t = target();
  const client = new SwrClient({
    endpoint: t.url,
    accessKey: t.accessKey,
    secretKey: t.secretKey,
    concurrency: t.concurrency,
    transport: { compression: t.compression ?? true },
    env: {},
  });
  await measure(async () => (await client.listRepositories()).repositories);
  await client.close();
}

void main();
