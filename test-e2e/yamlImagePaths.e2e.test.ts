import * as fs from "node:fs/promises";
import { tagDetails, WireRepository } from "../emulator";
import { EmulatorProcess, REGISTRY } from "./support/emulator";
import { demoRepositories, exampleDir } from "./support/examples";
import { expectExit } from "./support/process";
import * as path from "node:path";
import { CONFIG_SECRETS_VERBOSITY, ExampleStack, PulumiWorkspace, REPO, tearDown } from "./support/pulumi";
import { findSecrets } from "./support/secrets";

const ORG = "shop";

describe("examples/yaml-image-paths with the Pulumi CLI and the YAML language host", () => {
  let emulator: EmulatorProcess;
  let workspace: PulumiWorkspace;
  let stack: ExampleStack | undefined;
  let demo: WireRepository[];

  beforeAll(async () => {
    [emulator, workspace] = await Promise.all([
      EmulatorProcess.start(["--repos", "30", "--seed", "47"], { securityToken: true }),
      // The credentials are in stack config, which Pulumi itself logs in clear above this level.
      PulumiWorkspace.create("yaml-image-paths", { verbosity: CONFIG_SECRETS_VERBOSITY }),
    ]);
    demo = await demoRepositories("image-paths");
    await emulator.changeRepositories((repositories) => [...repositories, ...demo]);
  });

  afterAll(() => tearDown({ stacks: [stack], emulators: [emulator], workspace }));

  test("`pulumi package get-schema` on the package's plugin launcher shows the provider, its secret inputs and the functions", async () => {
    const result = expectExit(
      await workspace.pulumi(
        ["package", "get-schema", path.join(REPO, "pulumi-resource-swr")],
        workspace.dir,
      ),
      0,
    );
    const schema = JSON.parse(result.stdout) as {
      name: string;
      provider: { inputProperties: Record<string, { secret?: boolean }> };
      config: { variables: Record<string, { secret?: boolean }> };
      functions: Record<string, unknown>;
    };
    expect(schema.name).toBe("swr");
    expect(Object.keys(schema.provider.inputProperties).sort()).toEqual([
      "accessKey",
      "assumeRoleAgencyName",
      "assumeRoleDomainName",
      "assumeRoleDurationSeconds",
      "authToken",
      "authUrl",
      "cloud",
      "endpoint",
      "profile",
      "projectId",
      "proxy",
      "region",
      "secretKey",
      "securityToken",
      "sharedConfigFile",
    ]);
    expect(schema.provider.inputProperties.secretKey.secret).toBe(true);
    // A proxy URL may carry credentials.
    expect(schema.provider.inputProperties.proxy.secret).toBe(true);
    expect(schema.config.variables.authToken.secret).toBe(true);
    expect(Object.keys(schema.functions).sort()).toEqual([
      "swr:index:getImage",
      "swr:index:getRepositories",
      "swr:index:getRepositoryTags",
    ]);
  });

  test("fn::invoke lists the organization and pins an image, with settings from `pulumi config set` alone", async () => {
    // No HW_* variable reaches the engine or the plugin (PulumiWorkspace drops them): only stack config.
    stack = await ExampleStack.init(workspace, exampleDir("yaml-image-paths"), {});
    await stack.setConfig("swr:endpoint", emulator.url);
    await stack.setConfig("swr:accessKey", emulator.accessKey);
    await stack.setConfig("swr:secretKey", emulator.secretKey, { secret: true });
    await stack.setConfig("swr:securityToken", emulator.securityToken!, { secret: true });
    const config = await fs.readFile(stack.configFile, "utf8");
    expect(config).not.toContain(emulator.secretKey);

    expectExit(await stack.run(["up", "--yes"]), 0);

    const all = await emulator.repositories();
    const shop = all
      .filter((r) => r.namespace === ORG)
      .map((r) => r.name)
      .sort();
    expect(shop).toEqual(["api", "platform/gateway", "web", "worker"]);
    const web = demo.find((r) => r.namespace === ORG && r.name === "web")!;
    const digest = tagDetails(web).find((t) => t.Tag === "1.5.0")!.digest;
    const outputs = await stack.outputs();
    expect(outputs).toEqual({
      total: 4,
      paths: shop.map((name) => `${REGISTRY}/${ORG}/${name}`),
      imageRefs: demo
        .filter((r) => r.namespace === ORG)
        .sort((x, y) => (x.name < y.name ? -1 : 1))
        .flatMap((r) => [...r.tags].sort().map((tag) => `${REGISTRY}/${ORG}/${r.name}:${tag}`)),
      webImage: `${REGISTRY}/${ORG}/web@${digest}`,
    });

    // The default provider holds the stack's settings; its credentials are encrypted in the state,
    // the access key too although it was set in clear.
    const [provider] = await stack.exportedResources("pulumi:providers:swr");
    expect(provider.inputs?.endpoint).toBe(emulator.url);
    expect(JSON.stringify(provider.inputs?.secretKey)).toContain("ciphertext");
    expect(JSON.stringify(provider.inputs?.accessKey)).toContain("ciphertext");
    // (The history files keep a copy of the stack's config, where the user set the access key in clear.)
    const withAccessKey = await workspace.stateFilesContaining(emulator.accessKey);
    expect(withAccessKey.filter((file) => !file.includes("/history/"))).toEqual([]);
    expect(withAccessKey.filter((file) => file.includes("/history/"))).not.toEqual([]);

    // An invalid setting fails the preview, naming the stack config key.
    await stack.setConfig("swr:projectId", "not/a/project");
    const invalid = await stack.run(["preview"]);
    expect(invalid.code).not.toBe(0);
    expect(invalid.stdout + invalid.stderr).toContain(
      "swr:projectId: must be 1 to 64 letters, digits or hyphens",
    );

    await stack.destroy();
    const captured = await workspace.captured([stack.configFile]);
    expect(findSecrets(captured, emulator.secrets)).toEqual([]);
  });
});
