import { readFileSync } from "node:fs";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../emulator";
import { Repository } from "../../sdk/client";
import { QUERY_ARGUMENT_NAMES } from "../../sdk/client/query/repositoryArguments";
import { unpackRepositoriesResult } from "../../sdk/protocol/results";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { CheckRequest } from "@pulumi/pulumi/proto/provider_pb";
import { RunningPlugin, startPlugin } from "../support/grpcPlugin";
import { asListed, ROOT } from "../support/fixtures";

const TOKEN = "swr:index:getRepositories";
const ENTRY = path.join(ROOT, "dist", "provider", "index.js");
/** The engine's encoding of a secret value, which other SDKs send as is. */
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

/** The test runner's environment without any SWR setting, so only what a test gives counts. */
const cleanEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(HW_|HUAWEICLOUD_SDK_)/.test(name)),
);

const keys = (repos: ReadonlyArray<{ namespace: string; name: string }>) =>
  repos.map((r) => `${r.namespace}/${r.name}`);

/** The provider's settings, written out by hand (not from the settings table) so that one added or dropped is seen. */
const SETTINGS_BY_HAND = [
  "region",
  "endpoint",
  "accessKey",
  "secretKey",
  "securityToken",
  "projectId",
  "authToken",
  "cloud",
  "sharedConfigFile",
  "profile",
  "assumeRoleAgencyName",
  "assumeRoleDomainName",
  "assumeRoleDurationSeconds",
  "authUrl",
  "proxy",
] as const;

describe("the swr plugin over gRPC, as the engine speaks to it", () => {
  let emulator: RunningEmulator;
  let plain: RunningPlugin;
  let fromEnv: RunningPlugin;
  let launched: RunningPlugin;
  /** The emulator's set as the CLI prints it, in (namespace, name) order. */
  let expected: Repository[];

  beforeAll(async () => {
    emulator = await startEmulator({ repos: 150, seed: 11 });
    expected = emulator.repositories().map(asListed);
    [plain, fromEnv, launched] = await Promise.all([
      startPlugin(process.execPath, [ENTRY], cleanEnv),
      startPlugin(process.execPath, [ENTRY], {
        ...cleanEnv,
        HW_SWR_ENDPOINT: emulator.url,
        HW_ACCESS_KEY: emulator.accessKey,
        HW_SECRET_KEY: emulator.secretKey,
        SWR_DEBUG: "1",
      }),
      // The executable the engine runs from the package directory, with the arguments it passes.
      startPlugin(path.join(ROOT, "pulumi-resource-swr"), ["--logtostderr", "-v=9"], {
        ...cleanEnv,
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${cleanEnv.PATH ?? ""}`,
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([plain?.stop(), fromEnv?.stop(), launched?.stop()]);
    await emulator?.close();
  });

  const settings = () => ({
    endpoint: emulator.url,
    accessKey: emulator.accessKey,
    secretKey: emulator.secretKey,
  });

  test("GetSchema returns the package: the function with documented inputs and outputs, secret config", async () => {
    const schema = (await plain.getSchema()) as {
      name: string;
      version: string;
      config: { variables: Record<string, { type: string; description: string; secret?: boolean }> };
      functions: Record<
        string,
        {
          description: string;
          inputs: { properties: Record<string, { description: string; secret?: boolean }> };
          outputs: { properties: Record<string, { description: string }>; required: string[] };
        }
      >;
      types: Record<string, { properties?: Record<string, { description: string }> }>;
      language: Record<string, unknown>;
    };
    expect(schema.name).toBe("swr");
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(schema.version).toBe(manifest.version);
    expect((await plain.getPluginInfo()).version).toBe(manifest.version);
    const fn = schema.functions[TOKEN];
    // The query's arguments are the table's (test/queryArguments.test.ts holds each to its entry).
    expect(Object.keys(fn.inputs.properties).sort()).toEqual(
      [...QUERY_ARGUMENT_NAMES, ...SETTINGS_BY_HAND, "packed"].sort(),
    );
    expect(Object.keys(fn.outputs.properties).sort()).toEqual([
      "imageRefs",
      "packed",
      "paths",
      "repositories",
      "total",
    ]);
    expect(fn.outputs.required).toEqual(["total"]);
    expect(Object.keys(schema.types["swr:index:Repository"].properties ?? {}).sort()).toEqual(
      Object.keys(expected[0]).sort(),
    );

    const secrets = Object.entries(schema.config.variables)
      .filter(([, v]) => v.secret)
      .map(([k]) => k);
    expect(secrets.sort()).toEqual(["accessKey", "authToken", "proxy", "secretKey", "securityToken"]);
    expect(Object.keys(schema.config.variables).sort()).toEqual([...SETTINGS_BY_HAND].sort());
    for (const name of secrets) expect(fn.inputs.properties[name].secret).toBe(true);
    expect(schema.language.nodejs).toMatchObject({ packageName: "pulumi-swr" });

    // Every property a user sees is documented.
    const documented = [
      fn,
      ...Object.values(fn.inputs.properties),
      ...Object.values(fn.outputs.properties),
      ...Object.values(schema.config.variables),
      ...Object.values(schema.types).flatMap((t) => Object.values(t.properties ?? {})),
    ];
    for (const item of documented) expect(item.description).toMatch(/\w/);
  });

  test("Invoke with settings in the arguments returns the emulator's set exactly, with paths and imageRefs", async () => {
    const { outputs, failures } = await plain.invoke(TOKEN, settings());
    expect(failures).toEqual([]);
    expect(outputs.repositories).toEqual(expected);
    expect(outputs.total).toBe(expected.length);
    expect(outputs.paths).toEqual(expected.map((r) => r.path));
    expect(outputs.imageRefs).toEqual(expected.flatMap((r) => r.tags.map((t) => `${r.path}:${t}`)));
    expect(new Set(keys(outputs.repositories as Repository[])).size).toBe(expected.length);
  });

  test("packed: true returns the same result as a packed table, which the SDK unpacks", async () => {
    const plainResult = await plain.invoke(TOKEN, settings());
    const { outputs, failures } = await plain.invoke(TOKEN, { ...settings(), packed: true });
    expect(failures).toEqual([]);
    expect(Object.keys(outputs).sort()).toEqual(["packed", "total"]);
    expect(Array.isArray(outputs.packed)).toBe(true);
    expect(unpackRepositoriesResult(outputs)).toEqual(plainResult.outputs);
    const bad = await plain.invoke(TOKEN, { ...settings(), packed: "yes" });
    expect(bad.failures).toEqual([{ property: "packed", reason: "must be a boolean" }]);
  });

  test("Invoke with no settings falls back to the plugin's environment (HW_*)", async () => {
    const { outputs, failures } = await fromEnv.invoke(TOKEN, {});
    expect(failures).toEqual([]);
    expect(keys(outputs.repositories as Repository[])).toEqual(keys(expected));
    expect(outputs.total).toBe(expected.length);
  });

  test("the query reaches the API: namespace and order, filter, one page", async () => {
    const namespace = expected[0].namespace;
    const byName = await fromEnv.invoke(TOKEN, { namespace, orderColumn: "name", orderType: "desc" });
    expect(keys(byName.outputs.repositories as Repository[])).toEqual(
      keys(expected.filter((r) => r.namespace === namespace).reverse()),
    );

    const linux = await fromEnv.invoke(TOKEN, { filter: { category: "linux" } });
    expect(keys(linux.outputs.repositories as Repository[])).toEqual(
      keys(expected.filter((r) => r.category === "linux")),
    );

    const page = await fromEnv.invoke(TOKEN, { limit: 20, offset: 20 });
    expect((page.outputs.repositories as Repository[]).length).toBe(20);
    expect(page.outputs.total).toBe(expected.length);
  });

  test("secrets the engine sends wrapped are read", async () => {
    const { outputs, failures } = await plain.invoke(TOKEN, {
      endpoint: emulator.url,
      accessKey: { ...SECRET_SIG, value: emulator.accessKey },
      secretKey: { ...SECRET_SIG, value: emulator.secretKey },
    });
    expect(failures).toEqual([]);
    expect(outputs.total).toBe(expected.length);
  });

  test("invalid arguments come back as failures naming each property", async () => {
    const { outputs, failures } = await plain.invoke(TOKEN, {
      ...settings(),
      namespace: "Bad_NS",
      limit: 5,
      filter: { bogus: "x" },
      colour: "blue",
      projectId: 42,
    });
    expect(outputs).toEqual({});
    const properties = failures.map((f) => f.property);
    expect(properties).toEqual(
      expect.arrayContaining(["namespace", "offset", "filter.bogus", "colour", "projectId"]),
    );
    expect(failures.find((f) => f.property === "namespace")?.reason).toMatch(/lowercase/);
    expect(failures.find((f) => f.property === "colour")?.reason).toMatch(/not an argument/);
  });

  test("missing settings come back as failures naming what to set", async () => {
    const { failures } = await plain.invoke(TOKEN, {});
    // Credentials are not missing yet: the metadata service is the last source, asked at the first request.
    expect(failures.map((f) => f.property).sort()).toEqual(["region"]);
    expect(failures.find((f) => f.property === "region")?.reason).toMatch(/HW_REGION_NAME/);
  });

  test("a wrong secret is an error with the server code and request id, never the secret", async () => {
    const secret = "wrong-secret-9f8e7d6c5b4a";
    const error = await plain.invoke(TOKEN, { ...settings(), secretKey: secret }).then(
      () => undefined,
      (e: { details: string }) => e,
    );
    expect(error?.details).toMatch(/APIG\.0301/);
    expect(error?.details).toMatch(/request id [0-9a-f]{16,}/);
    expect(error?.details).not.toContain(secret);
    expect(plain.stderr()).not.toContain(secret);
  });

  test("with SWR_DEBUG=1 the plugin logs each request to stderr, secrets redacted", async () => {
    await fromEnv.invoke(TOKEN, { limit: 5, offset: 0 });
    expect(fromEnv.stderr()).toMatch(
      /swr: → GET http:\/\/127\.0\.0\.1:\d+\/v2\/manage\/repos\?limit=5&offset=0/,
    );
    expect(fromEnv.stderr()).toMatch(/"Authorization":"\[redacted\]"/);
    expect(fromEnv.stderr()).not.toContain(emulator.secretKey);
  });

  test("explicit credentials beat the environment's", async () => {
    const error = await fromEnv
      .invoke(TOKEN, { accessKey: emulator.accessKey, secretKey: "not-the-secret" })
      .then(
        () => undefined,
        (e: { details: string }) => e,
      );
    expect(error?.details).toMatch(/APIG\.0301/);
  });

  test("resource methods are UNIMPLEMENTED, as the engine expects of a provider with functions only", async () => {
    const client = new ResourceProviderClient(`127.0.0.1:${plain.port}`, grpc.credentials.createInsecure());
    try {
      const error = await new Promise<grpc.ServiceError | null>((resolve) =>
        client.check(new CheckRequest().setUrn("urn:pulumi:dev::p::swr:index:Thing::x"), (e) => resolve(e)),
      );
      expect(error?.code).toBe(grpc.status.UNIMPLEMENTED);
      expect(error?.details).toMatch(/Check is not implemented/);
    } finally {
      client.close();
    }
  });

  test("an unknown token is an error", async () => {
    await expect(plain.invoke("swr:index:getNothing", {})).rejects.toMatchObject({
      details: expect.stringContaining("swr:index:getNothing"),
    });
  });

  test("the pulumi-resource-swr launcher starts the same plugin; Cancel aborts its listings", async () => {
    expect(await launched.getPluginInfo()).toEqual(await plain.getPluginInfo());
    expect((await launched.getSchema()).name).toBe("swr");
    await launched.cancel();
    await expect(launched.invoke(TOKEN, settings())).rejects.toMatchObject({
      details: expect.stringMatching(/aborted.*SWR_ERR_ABORTED/),
    });
  });
});
