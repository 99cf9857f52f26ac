import { DiffResponse } from "@pulumi/pulumi/proto/provider_pb";
import { RunningEmulator, startEmulator } from "../../emulator";
import { pluginEnv, RunningPlugin, startPlugin } from "../support/grpcPlugin";
import { KOOCLI_CONFIG, PLUGIN_ENTRY } from "../support/fixtures";

const TOKEN = "swr:index:getRepositories";
const ENTRY = PLUGIN_ENTRY;
/** The engine's encoding of a secret value. */
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const DEFAULT_URN = "urn:pulumi:dev::proj::pulumi:providers:swr::default";
const EXPLICIT_URN = "urn:pulumi:dev::proj::pulumi:providers:swr::eu";

const keysOf = (emulator: RunningEmulator) => emulator.repositories().map((w) => `${w.namespace}/${w.name}`);
const listed = (outputs: Record<string, unknown>) =>
  (outputs.repositories as Array<{ namespace: string; name: string }>).map((r) => `${r.namespace}/${r.name}`);

describe("the swr plugin configured as a provider (CheckConfig, DiffConfig, Configure)", () => {
  /** Two accounts: their credentials differ (they derive from the seed), and so do their sets. */
  let a: RunningEmulator;
  let b: RunningEmulator;
  const plugins: RunningPlugin[] = [];
  /** A plugin with no `HW_*` variable at all, and SWR_DEBUG=1 (its stderr is searched for secrets). */
  const bare = async () => {
    const plugin = await startPlugin(process.execPath, [ENTRY], pluginEnv({ SWR_DEBUG: "1" }));
    plugins.push(plugin);
    return plugin;
  };

  beforeAll(async () => {
    [a, b] = await Promise.all([
      startEmulator({ repos: 130, seed: 21 }),
      startEmulator({ repos: 40, seed: 22 }),
    ]);
    expect(a.secretKey).not.toBe(b.secretKey);
  });
  afterAll(async () => {
    await Promise.all(plugins.map((p) => p.stop()));
    await Promise.all([a?.close(), b?.close()]);
  });

  test("with no HW_* variables, configured through CheckConfig and Configure alone, it lists exactly", async () => {
    const plugin = await bare();
    const checked = await plugin.checkConfig(DEFAULT_URN, {
      endpoint: a.url,
      accessKey: a.accessKey,
      secretKey: a.secretKey,
      version: "0.1.0",
    });
    expect(checked.failures).toEqual([]);
    // Credentials come back secret, so the engine stores them encrypted even if set without --secret.
    expect(checked.inputs).toEqual({
      endpoint: a.url,
      accessKey: { ...SECRET_SIG, value: a.accessKey },
      secretKey: { ...SECRET_SIG, value: a.secretKey },
      version: "0.1.0",
    });
    // The engine then sends the checked inputs, secrets wrapped, to Configure.
    expect(await plugin.configure(checked.inputs, { "swr:config:endpoint": a.url })).toEqual({
      acceptSecrets: true,
    });

    const { outputs, failures } = await plugin.invoke(TOKEN, {});
    expect(failures).toEqual([]);
    expect(listed(outputs)).toEqual(keysOf(a));
    expect(outputs.total).toBe(keysOf(a).length);
    expect(plugin.stderr()).toContain("swr: → GET");
    expect(plugin.stderr()).not.toContain(a.secretKey);
  });

  test("Configure from the variables map alone (swr:config:<name>), as older engines send it", async () => {
    const plugin = await bare();
    await plugin.configure(undefined, {
      "swr:config:endpoint": b.url,
      "swr:config:accessKey": b.accessKey,
      "swr:config:secretKey": b.secretKey,
    });
    const { outputs, failures } = await plugin.invoke(TOKEN, {});
    expect(failures).toEqual([]);
    expect(listed(outputs)).toEqual(keysOf(b));
  });

  test("precedence: invoke arguments, then the provider's configuration, then the environment, by group", async () => {
    // The environment points at b with a's credentials; the configuration moves the location to a.
    const plugin = await startPlugin(
      process.execPath,
      [ENTRY],
      pluginEnv({ HW_SWR_ENDPOINT: b.url, HW_ACCESS_KEY: a.accessKey, HW_SECRET_KEY: a.secretKey }),
    );
    plugins.push(plugin);
    await plugin.configure({ endpoint: a.url });
    const configured = await plugin.invoke(TOKEN, {});
    expect(configured.failures).toEqual([]);
    expect(listed(configured.outputs)).toEqual(keysOf(a));

    const overridden = await plugin.invoke(TOKEN, {
      endpoint: b.url,
      accessKey: b.accessKey,
      secretKey: { ...SECRET_SIG, value: b.secretKey },
    });
    expect(overridden.failures).toEqual([]);
    expect(listed(overridden.outputs)).toEqual(keysOf(b));

    // A later Configure (a changed provider) replaces the settings.
    await plugin.configure({ endpoint: b.url, accessKey: b.accessKey, secretKey: b.secretKey });
    expect(listed((await plugin.invoke(TOKEN, {})).outputs)).toEqual(keysOf(b));
  });

  test("CheckConfig rejects invalid settings naming the stack config key, or the explicit provider's input", async () => {
    const plugin = await bare();
    const secret = "never-echo-this-secret-42";
    const news = {
      region: "Not A Region",
      regoin: "eu-west-101",
      projectId: "no/slashes",
      authToken: 7,
      secretKey: secret,
    };
    const { failures, inputs } = await plugin.checkConfig(DEFAULT_URN, news);
    expect(inputs).toEqual({});
    expect(failures).toEqual(
      expect.arrayContaining([
        { property: "region", reason: expect.stringMatching(/^swr:region: must look like ap-southeast-1/) },
        { property: "projectId", reason: expect.stringMatching(/^swr:projectId: must be 1 to 64/) },
        // A credential's failure names no property: the engine would print its value beside it.
        { property: "", reason: "swr:authToken: must be a string" },
        {
          property: "regoin",
          reason: expect.stringMatching(/^swr:regoin: is not a setting of the swr provider; .*swr:region/),
        },
      ]),
    );
    expect(failures).toHaveLength(4);
    expect(JSON.stringify(failures)).not.toContain(secret);

    const explicit = await plugin.checkConfig(EXPLICIT_URN, { endpoint: "ftp://example.com" });
    expect(explicit.failures).toEqual([
      {
        property: "endpoint",
        reason: expect.stringMatching(/^endpoint of provider "eu": must use https:\/\//),
      },
    ]);

    // Missing settings are no failure here: the environment or each invoke may give them.
    expect(await plugin.checkConfig(EXPLICIT_URN, { region: "eu-west-101" })).toEqual({
      inputs: { region: "eu-west-101" },
      failures: [],
    });
  });

  test("DiffConfig reports changed keys, never a replacement", async () => {
    const plugin = await bare();
    const olds = { region: "eu-west-101", accessKey: "AK", version: "0.1.0" };
    expect(await plugin.diffConfig(EXPLICIT_URN, olds, { ...olds })).toEqual({
      changes: DiffResponse.DiffChanges.DIFF_NONE,
      diffs: [],
    });
    expect(
      await plugin.diffConfig(EXPLICIT_URN, olds, { ...olds, region: "ap-southeast-1", projectId: "p1" }),
    ).toEqual({
      changes: DiffResponse.DiffChanges.DIFF_SOME,
      diffs: ["projectId", "region"],
    });
  });

  test("unconfigured and without HW_* variables, the failures name the stack config key and the variable", async () => {
    const plugin = await bare();
    const { failures } = await plugin.invoke(TOKEN, {});
    // Credentials are not missing yet: the metadata service is the last source, asked at the first request.
    expect(failures.map((f) => f.property).sort()).toEqual(["region"]);
    const region = failures.find((f) => f.property === "region")?.reason;
    expect(region).toContain("swr:region");
    expect(region).toContain("HW_REGION_NAME");
  });

  test("a KooCLI profile and its agency from provider config: the plugin assumes it once for several invokes, and again when it expired", async () => {
    const keys = { accessKey: "KOOCLIDEVAK000000001", secretKey: "KooCliDevSecretKey0000000000000000000001" };
    const iam = await startEmulator({ repos: 60, seed: 24, iam: true, ...keys });
    try {
      const plugin = await bare();
      const config = {
        endpoint: iam.url,
        sharedConfigFile: KOOCLI_CONFIG,
        profile: "ci-agency",
        authUrl: `${iam.url}/v3`,
      };
      for (const urn of [DEFAULT_URN, EXPLICIT_URN])
        expect(await plugin.checkConfig(urn, config)).toEqual({ inputs: config, failures: [] });
      const refused = await plugin.checkConfig(EXPLICIT_URN, { ...config, profile: "sso-user" });
      expect(refused.failures).toEqual([
        {
          property: "profile",
          reason: expect.stringMatching(/^profile of provider "eu": .*"sso-user".*mode SSO/),
        },
      ]);
      await plugin.configure(config, {});
      for (let invoke = 0; invoke < 2; invoke++) {
        const { outputs, failures } = await plugin.invoke(TOKEN, {});
        expect(failures).toEqual([]);
        expect(listed(outputs)).toEqual(keysOf(iam));
      }
      const issued = iam.issuedCredentials();
      expect(issued.map((c) => c.issuedFor)).toEqual(["agency platform-team/swr-readonly"]);
      expect(Object.keys(iam.stats.byAccessKey)).toEqual([issued[0].accessKey]);

      // Later, the agency's credentials have expired: the plugin renews them from IAM and goes on.
      iam.expireTemporaryCredentials();
      const later = await plugin.invoke(TOKEN, {});
      expect(later.failures).toEqual([]);
      expect(listed(later.outputs)).toEqual(keysOf(iam));
      const renewed = iam.issuedCredentials();
      expect(renewed).toHaveLength(2);
      expect(Object.keys(iam.stats.byAccessKey).sort()).toEqual(renewed.map((c) => c.accessKey).sort());
      for (const secret of [keys.secretKey, ...renewed.flatMap((c) => [c.secretKey, c.securityToken])])
        expect(plugin.stderr()).not.toContain(secret);
    } finally {
      await iam.close();
    }
  });
});
