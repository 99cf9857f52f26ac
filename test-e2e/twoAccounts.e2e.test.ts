import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { WireRepository } from "../emulator";
import { EmulatorProcess, REGISTRY } from "./support/emulator";
import { demoRepositories, exampleDir, prepareExample } from "./support/examples";
import { expectExit } from "./support/process";
import { CONFIG_SECRETS_VERBOSITY, ExampleStack, PulumiWorkspace, tearDown } from "./support/pulumi";
import { findSecrets } from "./support/secrets";

const ORG = "shop";

/** `path:tag` of every tag of the organization's repositories, in (name, tag) order. */
function imageRefs(repositories: readonly WireRepository[]): string[] {
  return repositories
    .filter((r) => r.namespace === ORG)
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .flatMap((r) => [...r.tags].sort().map((tag) => `${REGISTRY}/${ORG}/${r.name}:${tag}`));
}

describe("examples/two-accounts: two explicit providers against two emulators", () => {
  let prod: EmulatorProcess;
  let staging: EmulatorProcess;
  let workspace: PulumiWorkspace;
  let stack: ExampleStack | undefined;

  beforeAll(async () => {
    [prod, staging, workspace] = await Promise.all([
      // Production also plays IAM: its account is reached through an agency, as a KooCLI profile says.
      EmulatorProcess.start(["--repos", "15", "--seed", "51", "--iam"]),
      EmulatorProcess.start(["--repos", "15", "--seed", "52"]),
      PulumiWorkspace.create("two-accounts", { verbosity: CONFIG_SECRETS_VERBOSITY }),
      prepareExample(exampleDir("two-accounts")),
    ]);
    const demo = await demoRepositories("image-paths");
    await prod.changeRepositories((repositories) => [...repositories, ...demo]);
    // Staging is ahead: web has a newer tag, and a repository production does not have yet.
    const ahead = demo.map((r) =>
      r.namespace === ORG && r.name === "web" ? { ...r, tags: [...r.tags, "1.6.0"] } : r,
    );
    const api = demo.find((r) => r.namespace === ORG && r.name === "api")!;
    const reports = { ...api, name: "reports", tags: ["0.1.0"], path: `${REGISTRY}/${ORG}/reports` };
    await staging.changeRepositories((repositories) => [...repositories, ...ahead, reports]);
  });

  afterAll(() => tearDown({ stacks: [stack], emulators: [prod, staging], workspace }));

  test("each provider lists its own account, with its own credentials; the stack's swr:* config reaches neither", async () => {
    expect(prod.secretKey).not.toBe(staging.secretKey);
    stack = await ExampleStack.init(workspace, exampleDir("two-accounts"), {});
    // Production: a KooCLI profile of mode agency (outside the workspace: it holds the base keys).
    const kooCliDir = await fs.mkdtemp(path.join(os.tmpdir(), "pulumi-swr-e2e-koocli-"));
    const kooCliConfig = path.join(kooCliDir, "config.json");
    const profile = {
      name: "prod-agency",
      mode: "agency",
      accessKeyId: prod.accessKey,
      secretAccessKey: prod.secretKey,
      region: "ap-southeast-1",
      agencyName: "swr-readonly",
      agencyDomainName: "platform-team",
    };
    await fs.writeFile(kooCliConfig, JSON.stringify({ current: "default", profiles: [profile] }));
    await stack.setConfig("prod:endpoint", prod.url);
    await stack.setConfig("prod:sharedConfigFile", kooCliConfig);
    await stack.setConfig("prod:profile", "prod-agency");
    await stack.setConfig("prod:authUrl", `${prod.url}/v3`);
    // Staging: plain keys.
    await stack.setConfig("staging:endpoint", staging.url);
    await stack.setConfig("staging:accessKey", staging.accessKey);
    await stack.setConfig("staging:secretKey", staging.secretKey, { secret: true });
    // The default provider's settings: an IAM token, which would win over the keys if it reached
    // an explicit provider's invokes, and which no emulator accepts.
    await stack.setConfig("swr:endpoint", prod.url);
    await stack.setConfig("swr:authToken", "MIInot-a-valid-token", { secret: true });

    expectExit(await stack.run(["up", "--yes"]), 0);

    const prodRefs = imageRefs(await prod.repositories());
    const stagingRefs = imageRefs(await staging.repositories());
    const outputs = await stack.outputs();
    expect(outputs.totals).toEqual({ prod: 4, staging: 5 });
    expect(outputs.prodImages).toEqual(prodRefs);
    expect(outputs.stagingImages).toEqual(stagingRefs);
    expect(outputs.notYetInProd).toEqual([
      `${REGISTRY}/${ORG}/reports:0.1.0`,
      `${REGISTRY}/${ORG}/web:1.6.0`,
    ]);

    // Two provider resources in the state, each with its own endpoint and its credentials encrypted.
    const providers = await stack.exportedResources("pulumi:providers:swr");
    expect(providers.map((p) => [p.urn.split("::").pop(), p.inputs?.endpoint]).sort()).toEqual([
      ["prod", prod.url],
      ["staging", staging.url],
    ]);
    const byName = Object.fromEntries(providers.map((p) => [p.urn.split("::").pop(), p.inputs ?? {}]));
    expect(JSON.stringify(byName.staging.secretKey)).toContain("ciphertext");
    expect(JSON.stringify(byName.staging.accessKey)).toContain("ciphertext");
    expect(byName.prod).toMatchObject({ profile: "prod-agency", sharedConfigFile: kooCliConfig });
    expect(byName.prod.secretKey).toBeUndefined();

    // Production's SWR saw only the agency's temporary access keys (one per plugin process: `up`
    // previews, then updates), never the profile's own.
    const prodStats = await prod.stats();
    const seen = Object.keys(prodStats.byAccessKey);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toHaveLength(prodStats.credentialsIssued);
    expect(seen).not.toContain(prod.accessKey);
    await fs.rm(kooCliDir, { recursive: true, force: true });

    await stack.destroy();
    const captured = await workspace.captured([stack.configFile]);
    expect(
      findSecrets(captured, {
        ...prod.secrets,
        ...Object.fromEntries(Object.entries(staging.secrets).map(([k, v]) => [`staging ${k}`, v])),
      }),
    ).toEqual([]);
    expect(findSecrets(captured, { token: "MIInot-a-valid-token" })).toEqual([]);
  });
});
