import * as fs from "node:fs/promises";
import * as path from "node:path";
import { EmulatorProcess } from "./support/emulator";
import { demoRepositories, exampleDir, prepareExample } from "./support/examples";
import { CommandResult, describeResult, expectExit } from "./support/process";
import { ExampleStack, PulumiWorkspace, tearDown } from "./support/pulumi";
import { findSecrets, redactedRequestLine } from "./support/secrets";

const EXAMPLE = exampleDir("public-repo-policy");
const ORG = "team-a";
const POLICY = "swr-no-public-repositories";

/** Asserts the policy pack failed the command, naming exactly `repositories` (and nothing of team-b). */
function expectViolation(result: CommandResult, repositories: readonly string[]): void {
  const output = describeResult(result, 20_000);
  expect(result.code).not.toBe(0);
  expect(result.stdout).toContain(`[mandatory]  ${POLICY}`);
  const named = /not on the allow-list: (.*?)\. Make them private/.exec(result.stdout);
  if (named === null) throw new Error(`no violation message\n${output}`);
  expect(named[1].split(", ")).toEqual(repositories);
  expect(result.stdout).not.toContain("team-b/");
}

/**
 * The request ids of the SWR requests a command's components logged (`SWR_DEBUG=1`), one per
 * request (`--debug` shows each line twice), after asserting that every request line is redacted.
 */
function loggedRequests(result: CommandResult): Set<string> {
  const lines = result.stdout.split("\n");
  for (const line of lines.filter((l) => l.includes("swr: → GET "))) {
    expect(line).toMatch(redactedRequestLine("X-Security-Token"));
    expect(line).toMatch(redactedRequestLine("Authorization"));
  }
  return new Set(lines.flatMap((l) => /swr: ← \d+ .*\(request id ([0-9a-f]+)\)/.exec(l)?.[1] ?? []));
}

/** Asserts the command succeeded with the policy pack run and satisfied. */
function expectPass(result: CommandResult): void {
  expectExit(result, 0);
  expect(result.stdout).toMatch(/✅ swr-public-repositories@v0\.1\.0/);
  expect(result.stdout).not.toContain("[mandatory]");
}

describe("examples/public-repo-policy with the Pulumi CLI", () => {
  let emulator: EmulatorProcess;
  let workspace: PulumiWorkspace;
  let stack: ExampleStack | undefined;

  beforeAll(async () => {
    [emulator, workspace] = await Promise.all([
      // Temporary credentials: AK/SK requests must carry the security token.
      EmulatorProcess.start(["--repos", "60", "--seed", "31"], { securityToken: true }),
      PulumiWorkspace.create("public-repo-policy"),
      prepareExample(EXAMPLE),
      prepareExample(path.join(EXAMPLE, "policy")),
    ]);
    // team-a: private repositories; team-b: a public one, which is not this stack's business.
    const demo = await demoRepositories("public-repo-policy");
    await emulator.changeRepositories((repositories) => [...repositories, ...demo]);
  });

  afterAll(() => tearDown({ stacks: [stack], emulators: [emulator], workspace }));

  const makePublic = (name: string, isPublic = true) =>
    emulator.changeRepositories((repositories) =>
      repositories.map((r) => (r.namespace === ORG && r.name === name ? { ...r, is_public: isPublic } : r)),
    );

  test("the pack passes an organization without public repositories and fails one with, naming it", async () => {
    stack = await ExampleStack.init(workspace, EXAMPLE, {
      HW_SWR_ENDPOINT: emulator.url,
      HW_ACCESS_KEY: emulator.accessKey,
      HW_SECRET_KEY: emulator.secretKey,
      HW_SECURITY_TOKEN: emulator.securityToken,
    });
    await stack.setConfig("namespace", ORG);
    const allowFile = path.join(workspace.dir, "allow.json");
    await fs.writeFile(
      allowFile,
      JSON.stringify({ [POLICY]: { allowedPublicRepositories: [`${ORG}/payments`] } }),
    );
    const preview = (...args: string[]) => stack!.run(["preview", "--policy-pack", "./policy", ...args]);

    // A new stack: the inventory has not listed yet, so the pack lists the organization itself.
    const listedByPack = await preview();
    expectPass(listedByPack);
    expect(loggedRequests(listedByPack).size).toBe(1);
    // A pack that cannot list does not pass the stack.
    const denied = await stack.run(["preview", "--policy-pack", "./policy"], {
      HW_SECRET_KEY: "not-the-key",
    });
    expect(denied.code).not.toBe(0);
    expect(denied.stdout).toMatch(/"organization" could not be checked: listing SWR failed: .*APIG\.0301/);
    await makePublic("payments");
    expectViolation(await preview(), [`${ORG}/payments`]);
    expectPass(await preview("--policy-pack-config", allowFile));

    // Deployed: the pack reads the listing in the state.
    await makePublic("payments", false);
    const deployed = await stack.run(["up", "--yes", "--policy-pack", "./policy"]);
    expectPass(deployed);
    // Two listings, each logged: the pack's in the preview, and the inventory provider's as it creates.
    expect(loggedRequests(deployed).size).toBe(2);
    expect(await stack.outputs()).toMatchObject({ total: 3, publicRepositories: [] });

    // The registry drifts. With --refresh the inventory is to be updated, so the pack lists again.
    await makePublic("web");
    expectViolation(await preview("--refresh"), [`${ORG}/web`]);
    // `pulumi up` checks the listing it made (and keeps it: the inventory only reads the registry) ...
    expectViolation(
      await stack.run(["up", "--yes", "--skip-preview", "--refresh", "--policy-pack", "./policy"]),
      [`${ORG}/web`],
    );
    // ... so from then on, every preview fails until the repository is private or allowed.
    expectViolation(await preview(), [`${ORG}/web`]);

    await stack.destroy();
    expect(await workspace.stateFilesContaining(`${ORG}/web`)).not.toEqual([]);

    // With debug output on all along (the pack's and the inventory provider's request logs, and
    // Pulumi's verbose log of every property the engine, the program, the inventory's provider and
    // the pack exchanged), no secret anywhere: any command's output (the refused preview's error
    // included), the log files, the state and its history.
    expect(await workspace.logFiles()).toHaveLength(workspace.commands.length);
    expect(findSecrets(await workspace.captured([stack.configFile]), emulator.secrets)).toEqual([]);
  });
});
