import * as http from "node:http";
import { target } from "./common";

interface Row {
  namespace: string;
  name: string;
}

interface Page {
  readonly rows: Row[];
  readonly total: number;
}

const LIMIT = 1000;

/**
 * (f) The least an exact listing needs, written in bare Node as a peer for the CLI's whole process: no
 * undici, no zod, no check of any row against the query, no retry, no gate. Page 0 for the total, then
 * every other page at once, then each name that touches a page boundary by name (the rows that
 * reordered ties may have skipped), one `JSON.parse` a page, a `Map` by (namespace, name), one sort,
 * one indented `JSON.stringify` to stdout, like `swr-repos list --format json`. Its time says how much
 * of the CLI's is the work itself on this machine, and how much the client's care around it.
 */
async function main(): Promise<void> {
  const t = target();
  const endpoint = new URL(t.url);
  const agent = new http.Agent({ keepAlive: true });

  const get = (filter: string): Promise<Page> =>
    new Promise((resolve, reject) => {
      const path = `/v2/manage/repos?filter=${encodeURIComponent(filter)}`;
      const headers = { "X-Auth-Token": t.token };
      const request = http.get(
        { host: endpoint.hostname, port: endpoint.port, path, agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode} for ${path}`));
            const rows = JSON.parse(Buffer.concat(chunks).toString()) as Row[];
            const total = Number(String(res.headers["content-range"]).split("/")[1]);
            resolve({ rows, total });
          });
        },
      );
      request.on("error", reject);
    });
  const byName = `order_column::name|order_type::asc|limit::${LIMIT}`;
  const page = (k: number) => get(`${byName}|offset::${k * LIMIT}`);

  const byKey = new Map<string, Row>();
  const add = (rows: readonly Row[]) => rows.forEach((r) => byKey.set(`${r.namespace}/${r.name}`, r));
  const repaired = new Set<string>();
  const repairs: Array<Promise<void>> = [];
  const repair = (name: string) => {
    if (repaired.has(name)) return;
    repaired.add(name);
    // The server may match a name fuzzily: keep the exact ones.
    repairs.push(
      get(`name::${name}|${byName}|offset::0`).then((p) => add(p.rows.filter((r) => r.name === name))),
    );
  };

  const first = await page(0);
  add(first.rows);
  const pages = Math.ceil(first.total / LIMIT);
  if (pages > 1) repair(first.rows[first.rows.length - 1].name);
  const rest: Array<Promise<void>> = [];
  for (let k = 1; k < pages; k++)
    rest.push(
      page(k).then(({ rows }) => {
        add(rows);
        repair(rows[0].name);
        if (k < pages - 1) repair(rows[rows.length - 1].name);
      }),
    );
  await Promise.all(rest);
  await Promise.all(repairs);
  agent.destroy();
  if (byKey.size !== first.total) throw new Error(`listed ${byKey.size} of ${first.total}`);

  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const all = [...byKey.values()].sort((a, b) => order(a.namespace, b.namespace) || order(a.name, b.name));
  process.stdout.write(JSON.stringify(all, null, 2) + "\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
