// Requests per response reading: `npm run build && node scripts/reading-costs.mjs`. Lists 2,500
// repositories and a repository's 2,500 tags, with ties reordered on every request, against the
// emulator in each dialect (and two combinations), in pages of 1000 and of 100, and prints the
// requests beside the floor (the pages of the size the server serves), plus one page of each size.
import { combineDialects, DIALECT_NAMES, seedRepositories, startEmulator } from "../dist/emulator/index.js";
import { SwrClient } from "../dist/sdk/client/index.js";
import { LIMIT_LADDER } from "../dist/sdk/client/listing/pagePlan.js";

const READINGS = [
  ...DIALECT_NAMES,
  "no-content-range,short-pages,nulls",
  "strict,limit-100,end-index-range,filter-voids-plain",
];
const N = 2500;

async function main() {
  console.log("| reading | page | repositories | tags | floor | one page |");
  console.log("| --- | --: | --: | --: | --: | --: |");
  for (const reading of READINGS) {
    const dialect = combineDialects(reading.split(","));
    const emulator = await startEmulator({ repos: 10, seed: 5, dialect, unstableTies: true });
    const repos = seedRepositories(N, 5);
    const tags = Array.from({ length: N }, (_, i) => `v${i}`);
    repos[0] = { ...repos[0], tags, num_images: N };
    emulator.setRepositories(repos);
    for (const pageSize of [1000, 100]) {
      const options = { endpoint: emulator.url, authToken: emulator.token, env: {} };
      const complete = new SwrClient({ ...options, paging: { pageSize } });
      const onePage = new SwrClient(options);
      const listed = await complete.listRepositories();
      const tagged = await complete.listRepositoryTags(repos[0].namespace, repos[0].name);
      const page = await onePage.listRepositories({ limit: pageSize, offset: pageSize });
      if (listed.total !== N || tagged.total !== N || page.total !== N)
        throw new Error(`${reading}: not exact`);
      const accepted = [pageSize, ...LIMIT_LADDER].find(
        (size) => size <= Math.min(pageSize, dialect.maxLimit),
      );
      const floor = Math.ceil(N / Math.min(accepted, dialect.servedRows ?? Infinity));
      console.log(
        `| ${reading} | ${pageSize} | ${listed.stats.requests} | ${tagged.stats.requests} | ${floor} | ${page.stats.requests} |`,
      );
      await complete.close();
      await onePage.close();
    }
    await emulator.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
