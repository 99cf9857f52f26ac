/**
 * `isPublic` and the orders `namespace` and `is_public`, as a user asks for them (the CLI, the
 * library, the plugin's `getRepositories`), against a server that honours `is_public` and one that
 * does not know it (the plain parameter ignored, the filter key refused), with ties reordered.
 */
import {
  DIALECTS,
  RunningEmulator,
  seedRepositories,
  startEmulator,
  type WireRepository,
} from "../../../emulator";
import { SwrClient } from "../../../sdk/client";
import { emulatorEnv, runCli } from "../../support/cli";
import { RunningPlugin, startPlugin } from "../../support/grpcPlugin";
import { PLUGIN_ENTRY } from "../../support/fixtures";

const ENTRY = PLUGIN_ENTRY;
const TOKEN = "swr:index:getRepositories";

/** `namespace/name` of each repository, in the order given. */
const keys = (repos: ReadonlyArray<{ namespace: string; name: string }>) =>
  repos.map((r) => `${r.namespace}/${r.name}`);

/** Binary string order, written out here rather than taken from the code under test. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byNamespaceAndName = (a: WireRepository, b: WireRepository) =>
  cmp(a.namespace, b.namespace) || cmp(a.name, b.name);

/** 2500 repositories (three pages), names shared across organizations, about one in seven public. */
const REPOS = seedRepositories(2500, 21).sort(byNamespaceAndName);
const publicOnes = REPOS.filter((r) => r.is_public);
const privateOnes = REPOS.filter((r) => !r.is_public);
const someNamespace = privateOnes[Math.floor(privateOnes.length / 2)].namespace;

describe.each(["permissive", "older-server"] as const)(
  "isPublic against the %s dialect, ties reordered",
  (name) => {
    let emulator: RunningEmulator;
    let env: Record<string, string>;

    beforeAll(async () => {
      emulator = await startEmulator({
        repos: 1,
        seed: 3,
        unstableTies: true,
        dialect: { ...DIALECTS.permissive, ...DIALECTS[name] },
      });
      emulator.setRepositories(REPOS);
      env = emulatorEnv(emulator);
    });
    beforeEach(() => emulator.resetStats());
    afterAll(() => emulator.close());

    test("the data has both kinds, so exactness means something", () => {
      expect(publicOnes.length).toBeGreaterThan(50);
      expect(privateOnes.length).toBeGreaterThan(publicOnes.length);
      expect(privateOnes.filter((r) => r.namespace === someNamespace).length).toBeGreaterThan(0);
    });

    test("swr-repos list --is-public true lists exactly the public repositories", async () => {
      const result = await runCli(["list", "--is-public", "true", "--format", "json"], env);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(keys(JSON.parse(result.stdout) as WireRepository[])).toEqual(keys(publicOnes));
      // The older server refused the filter key once, and was asked again without it.
      expect(emulator.stats.byStatus[400] ?? 0).toBe(name === "older-server" ? 1 : 0);
    });

    test("swr-repos list --is-public false --namespace NS lists exactly that organization's private ones", async () => {
      const result = await runCli(
        ["list", "--is-public", "false", "--namespace", someNamespace, "--format", "json"],
        env,
      );
      expect(result.code).toBe(0);
      expect(keys(JSON.parse(result.stdout) as WireRepository[])).toEqual(
        keys(privateOnes.filter((r) => r.namespace === someNamespace)),
      );
    });

    test("--is-public takes only true or false, naming the flag, before any request", async () => {
      const result = await runCli(["list", "--is-public", "yes"], env);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--is-public: must be true or false/);
      expect(emulator.stats.requests).toBe(0);
    });

    test.each([
      ["namespace", "asc"],
      ["namespace", "desc"],
      ["is_public", "asc"],
      ["is_public", "desc"],
    ] as const)("order %s %s: that order, ties by (namespace, name)", async (column, type) => {
      const client = new SwrClient({
        endpoint: emulator.url,
        accessKey: emulator.accessKey,
        secretKey: emulator.secretKey,
      });
      try {
        const { repositories } = await client.listRepositories({ orderColumn: column, orderType: type });
        const sign = type === "asc" ? 1 : -1;
        const primary = (a: WireRepository, b: WireRepository) =>
          column === "namespace" ? cmp(a.namespace, b.namespace) : Number(a.is_public) - Number(b.is_public);
        const expected = [...REPOS].sort((a, b) => sign * primary(a, b) || byNamespaceAndName(a, b));
        expect(keys(repositories)).toEqual(keys(expected));
      } finally {
        await client.close();
      }
    });

    test("a streamed listing with isPublic yields exactly the public repositories, each once", async () => {
      const client = new SwrClient({
        endpoint: emulator.url,
        accessKey: emulator.accessKey,
        secretKey: emulator.secretKey,
      });
      try {
        const streamed: Array<{ namespace: string; name: string }> = [];
        for await (const page of client.listRepositoryPages({ isPublic: true }))
          streamed.push(...page.repositories);
        expect(keys(streamed).sort()).toEqual(keys(publicOnes).sort());
      } finally {
        await client.close();
      }
    });

    test("one page with isPublic holds only public repositories, and the server's page when it honours it", async () => {
      const client = new SwrClient({
        endpoint: emulator.url,
        accessKey: emulator.accessKey,
        secretKey: emulator.secretKey,
      });
      try {
        const { repositories, total } = await client.listRepositories({
          isPublic: true,
          orderColumn: "name",
          orderType: "asc",
          limit: 100,
          offset: 0,
        });
        expect(repositories.every((r) => r.isPublic)).toBe(true);
        if (name === "permissive") {
          expect(total).toBe(publicOnes.length);
          expect(repositories).toHaveLength(100);
        } else {
          // The older server's page is of every repository; the private ones on it are left out.
          expect(total).toBe(REPOS.length);
          expect(repositories.length).toBeLessThan(100);
        }
      } finally {
        await client.close();
      }
    });

    describe("the plugin's getRepositories", () => {
      let plugin: RunningPlugin;
      beforeAll(async () => {
        plugin = await startPlugin(process.execPath, [ENTRY], { PATH: process.env.PATH ?? "" });
      });
      afterAll(() => plugin?.stop());

      test("{isPublic: true} is exactly the public repositories", async () => {
        const { outputs, failures } = await plugin.invoke(TOKEN, {
          isPublic: true,
          endpoint: emulator.url,
          accessKey: emulator.accessKey,
          secretKey: emulator.secretKey,
        });
        expect(failures).toEqual([]);
        expect(keys(outputs.repositories as WireRepository[])).toEqual(keys(publicOnes));
        expect(outputs.total).toBe(publicOnes.length);
      });

      test("a bad isPublic is a failure naming it", async () => {
        const { failures } = await plugin.invoke(TOKEN, { isPublic: "yes", endpoint: emulator.url });
        expect(failures).toEqual([{ property: "isPublic", reason: "must be true or false" }]);
      });
    });
  },
);

describe("the plugin's schema", () => {
  test("getRepositories takes isPublic, a boolean with a description, and the two orders", async () => {
    const plugin = await startPlugin(process.execPath, [ENTRY], { PATH: process.env.PATH ?? "" });
    try {
      const schema = (await plugin.getSchema()) as {
        functions: Record<
          string,
          { inputs: { properties: Record<string, { type?: string; description: string }> } }
        >;
        types: Record<string, { enum?: Array<{ value: string }> }>;
      };
      const isPublic = schema.functions[TOKEN].inputs.properties.isPublic;
      expect(isPublic.type).toBe("boolean");
      expect(isPublic.description).toMatch(/public/);
      expect(schema.types["swr:index:OrderColumn"].enum?.map((e) => e.value)).toEqual(
        expect.arrayContaining(["namespace", "is_public"]),
      );
    } finally {
      await plugin.stop();
    }
  });
});
