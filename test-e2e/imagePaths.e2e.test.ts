import * as fs from "node:fs/promises";
import { tagDetails, WireRepository } from "../emulator";
import { EmulatorProcess, REGISTRY } from "./support/emulator";
import { demoRepositories, exampleDir, prepareExample } from "./support/examples";
import { describeResult, expectExit } from "./support/process";
import { CONFIG_SECRETS_VERBOSITY, ExampleStack, PulumiWorkspace, tearDown } from "./support/pulumi";
import { findSecrets, redactedRequestLine, sourcesMatching } from "./support/secrets";

const ORG = "shop";

/** `path@digest` of a fixture's tag, as the emulator's tag list reports it. */
function pinnedRef(demo: readonly WireRepository[], name: string, tag: string): string {
  const repository = demo.find((r) => r.namespace === ORG && r.name === name)!;
  const detail = tagDetails(repository).find((t) => t.Tag === tag)!;
  return `${REGISTRY}/${ORG}/${name}@${detail.digest}`;
}

describe("examples/image-paths with the Pulumi CLI", () => {
  let emulator: EmulatorProcess;
  let workspace: PulumiWorkspace;
  let stack: ExampleStack | undefined;
  let demo: WireRepository[];

  beforeAll(async () => {
    [emulator, workspace] = await Promise.all([
      // Temporary credentials: AK/SK requests must carry the security token.
      EmulatorProcess.start(["--repos", "60", "--seed", "41"], { securityToken: true }),
      // The credentials are in stack config, which Pulumi itself logs in clear above this level.
      PulumiWorkspace.create("image-paths", { verbosity: CONFIG_SECRETS_VERBOSITY }),
      prepareExample(exampleDir("image-paths")),
    ]);
    // shop: the services' repositories; shop-dev: a `web` with the same tag, which must not be picked.
    demo = await demoRepositories("image-paths");
    await emulator.changeRepositories((repositories) => [...repositories, ...demo]);
  });

  afterAll(() => tearDown({ stacks: [stack], emulators: [emulator], workspace }));

  test("renders docker-compose and Kubernetes manifests pinned by digest, with credentials from secret config", async () => {
    // Everything from stack config, nothing from the environment: the secret key and the security
    // token only encrypted.
    stack = await ExampleStack.init(workspace, exampleDir("image-paths"), {});
    await stack.setConfig("swr:endpoint", emulator.url);
    await stack.setConfig("swr:accessKey", emulator.accessKey);
    await stack.setConfig("swr:secretKey", emulator.secretKey, { secret: true });
    await stack.setConfig("swr:securityToken", emulator.securityToken!, { secret: true });
    await stack.setConfig("namespace", ORG);
    const services: Array<[string, string]> = [
      ["web.repository", "web"],
      ["web.tag", "1.5.0"],
      ["web.port", "8080"],
      ["web.replicas", "2"],
      ["gateway.repository", "platform/gateway"],
      ["gateway.tag", "3.0.0"],
      ["gateway.port", "443"],
      ["worker.repository", "worker"],
      ["worker.tag", "0.9.0"],
    ];
    for (const [key, value] of services) await stack.setConfig(`services.${key}`, value, { path: true });
    const config = await fs.readFile(stack.configFile, "utf8");
    expect(config).toMatch(/swr:secretKey:\s+secure: v1:/);
    expect(config).toMatch(/swr:securityToken:\s+secure: v1:/);
    expect(config).not.toContain(emulator.secretKey);
    expect(config).not.toContain(emulator.securityToken);

    const up = expectExit(await stack.run(["up", "--yes"]), 0);

    const web = pinnedRef(demo, "web", "1.5.0");
    const gateway = pinnedRef(demo, "platform/gateway", "3.0.0");
    const worker = pinnedRef(demo, "worker", "0.9.0");
    const outputs = await stack.outputs();
    expect(outputs.images).toEqual({ gateway, web, worker });
    expect(outputs.deployment).toEqual([
      {
        name: "gateway",
        image: gateway,
        source: `${REGISTRY}/${ORG}/platform/gateway:3.0.0`,
        port: 443,
        replicas: 1,
      },
      { name: "web", image: web, source: `${REGISTRY}/${ORG}/web:1.5.0`, port: 8080, replicas: 2 },
      { name: "worker", image: worker, source: `${REGISTRY}/${ORG}/worker:0.9.0`, replicas: 1 },
    ]);
    expect(outputs.compose).toBe(
      [
        "# Rendered by the swr-image-paths stack: every image pinned by digest.",
        "services:",
        "  gateway:",
        `    # ${REGISTRY}/${ORG}/platform/gateway:3.0.0`,
        `    image: "${gateway}"`,
        "    ports:",
        '      - "443:443"',
        "  web:",
        `    # ${REGISTRY}/${ORG}/web:1.5.0`,
        `    image: "${web}"`,
        "    ports:",
        '      - "8080:8080"',
        "  worker:",
        `    # ${REGISTRY}/${ORG}/worker:0.9.0`,
        `    image: "${worker}"`,
        "",
      ].join("\n"),
    );
    const manifests = (outputs.kubernetes as string).split("---\n");
    expect(
      manifests.map((m) => /^kind: (\w+)$/m.exec(m)?.[1] + " " + /^ {2}name: "(.*)"$/m.exec(m)?.[1]),
    ).toEqual([
      "Deployment gateway",
      "Service gateway",
      "Deployment web",
      "Service web",
      "Deployment worker",
    ]);
    expect(manifests[2]).toContain(`          image: "${web}"`);
    expect(manifests[2]).toContain("  replicas: 2");

    // A tag the repository does not have fails the deployment, naming the setting and the tags there are.
    await stack.setConfig("services.worker.tag", "0.9.9", { path: true });
    const missing = await stack.run(["preview"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stdout + missing.stderr).toContain(
      `services.worker.tag: ${REGISTRY}/${ORG}/worker has no tag 0.9.9; it has 0.9.0`,
    );
    if (missing.ms > 60_000) throw new Error(`the failing preview took too long\n${describeResult(missing)}`);

    await stack.destroy();
    expect(await workspace.stateFilesContaining(web)).not.toEqual([]);

    // With debug output on all along, no secret anywhere: any command's output (the failed preview's
    // error included), Pulumi's log files, the state and its history, the stack's config file.
    const captured = await workspace.captured([stack.configFile]);
    expect(findSecrets(captured, emulator.secrets)).toEqual([]);
    // Debug output was on: the plugin logged its requests, redacted, and Pulumi passed its stderr on
    // to the output (--debug) and to its log files (-v). The Authorization header names the access
    // key, but it is redacted whole; the key is in the stack config in clear, by the user's choice.
    const logged = sourcesMatching(captured, redactedRequestLine("X-Security-Token"));
    expect(logged).toContain(`stdout of ${up.command}`);
    expect(logged.filter((source) => source.startsWith(workspace.tmpDir))).not.toEqual([]);
    expect(sourcesMatching(captured, redactedRequestLine("Authorization"))).toEqual(logged);
    expect(sourcesMatching(captured, new RegExp(`swr: → .*${emulator.accessKey}`))).toEqual([]);
    expect(await workspace.logFiles()).toHaveLength(workspace.commands.length);
  });
});
