import { measure, target } from "./common";

interface Row {
  namespace: string;
  name: string;
}

/** (d) What a user writes by hand: a sequential `fetch` loop, 1000 a page, until a short page. */
async function main(): Promise<void> {
  const t = target();
  await measure(async () => {
    const all: Row[] = [];
    for (let offset = 0; ; offset += 1000) {
      const response = await fetch(
        `${t.url}/v2/manage/repos?limit=1000&offset=${offset}&order_column=name&order_type=asc`,
        {
          headers: { "X-Auth-Token": t.token },
        },
      );
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const page = (await response.json()) as Row[];
      all.push(...page);
      if (page.length < 1000) return all;
    }
  });
}

void main();
