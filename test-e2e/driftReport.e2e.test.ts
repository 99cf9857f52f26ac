import * as fs from "node:fs/promises";
import * as path from "node:path";
import type { Repository } from "../sdk/client";
import { compareListings } from "../sdk/drift/compare";
import { unpackListing } from "../sdk/drift/packedListing";
import { DriftReport, DriftSubject } from "../sdk/drift/report";
import { EmulatorProcess, swrRepos } from "./support/emulator";
import { demoRepositories, exampleDir, prepareExample } from "./support/examples";
import { expectExit } from "./support/process";
import { ExampleStack, PulumiWorkspace, tearDown } from "./support/pulumi";
import { commandTexts, findSecrets, redactedRequestLine, sourcesMatching } from "./support/secrets";

const INVENTORY_TYPE = "pulumi-nodejs:dynamic/swr:RepositoryInventory";
const ORG = "drift-demo";

/** The outputs of the stack's one inventory, as `pulumi stack export` shows them. */
async function inventoryOutputs(stack: ExampleStack): Promise<Record<string, unknown>> {
  const [inventory, ...others] = await stack.exportedResources(INVENTORY_TYPE);
  expect(others).toEqual([]);
  return inventory.outputs ?? {};
}

/** The listing the stack's inventory holds as deployed (what drift compares of each repository). */
async function deployedListing(stack: ExampleStack): Promise<DriftSubject[]> {
  return unpackListing((await inventoryOutputs(stack)).deployedListing, "deployedListing");
}

/** `namespace/name` of each repository. */
const names = (listing: readonly DriftSubject[]) => listing.map((r) => `${r.namespace}/${r.name}`);

/** The report of a listing of `count` repositories compared with itself. */
const noDrift = (count: number): DriftReport => ({ added: [], removed: [], changed: [], unchanged: count });

describe("examples/drift-report with the Pulumi CLI", () => {
  let emulator: EmulatorProcess;
  let workspace: PulumiWorkspace;
  let stack: ExampleStack | undefined;

  beforeAll(async () => {
    [emulator, workspace] = await Promise.all([
      EmulatorProcess.start(["--repos", "60", "--seed", "21"]),
      PulumiWorkspace.create("drift-report"),
      prepareExample(exampleDir("drift-report")),
    ]);
    const demo = await demoRepositories("drift-report");
    await emulator.changeRepositories((repositories) => [...repositories, ...demo]);
  });

  afterAll(() => tearDown({ stacks: [stack], emulators: [emulator], workspace }));

  test("pulumi refresh shows the registry's drift and swr-repos drift reports the same changes", async () => {
    // Token authentication this time; the provider reads it from the environment at run time.
    const env = { HW_SWR_ENDPOINT: emulator.url, HW_AUTH_TOKEN: emulator.token };
    // The CLI logs its requests too (the workspace turns debug output on for Pulumi's commands).
    const cliEnv = { ...env, SWR_DEBUG: "1" };
    const baselineFile = path.join(workspace.dir, "baseline.json");
    const list = expectExit(await swrRepos(["list", "--namespace", ORG, "--format", "json"], cliEnv), 0);
    await fs.writeFile(baselineFile, list.stdout);

    stack = await ExampleStack.init(workspace, exampleDir("drift-report"), env);
    await stack.setConfig("namespace", ORG);
    expectExit(await stack.run(["up", "--yes", "--skip-preview"]), 0);
    expect(await stack.outputs()).toMatchObject({ total: 4, publicRepositories: [] });
    expect((await inventoryOutputs(stack)).drift).toEqual(noDrift(4));
    // The state keeps what drift compares of each repository, not every field (no full rows).
    const deployed = await deployedListing(stack);
    expect(names(deployed)).toEqual([`${ORG}/api`, `${ORG}/cache`, `${ORG}/web`, `${ORG}/worker`]);
    expect((await inventoryOutputs(stack)).repositories).toBeUndefined();
    const baseline = JSON.parse(list.stdout) as Repository[];
    expect(compareListings(baseline, deployed)).toEqual(noDrift(4));

    // The registry changes (the README's second data set): cache removed, search added, web made
    // public, api grew by a tag.
    const drifted = await demoRepositories("drift-report", "emulator-repositories-drifted.json");
    await emulator.changeRepositories((repositories) => [
      ...repositories.filter((r) => r.namespace !== ORG),
      ...drifted,
    ]);

    // Nothing in the stack changed, so the drift shows only when the inventory lists again: the
    // refresh shows the `drift` output filling in, repository by repository and field by field.
    const refresh = expectExit(await stack.run(["refresh", "--yes", "--diff"]), 0);
    expect(refresh.stdout).toMatch(/~ pulumi-nodejs:dynamic\/swr:RepositoryInventory: \(update\)/);
    expect(refresh.stdout).toMatch(/~ fingerprint\s*:/);
    expect(refresh.stdout).toMatch(/~ drift\s*:/);
    expect(refresh.stdout).toContain(`"${ORG}/web"`); // now in publicRepositories
    expect(refresh.stdout).toContain('"cache"'); // gone
    expect(refresh.stdout).toContain('"search"'); // new
    expect(refresh.stdout).toContain('"1.2.0"'); // pushed
    expect(refresh.stdout).not.toMatch(/[~+-] deployedListing/); // what was deployed stays as it was
    const current = JSON.parse(
      expectExit(await swrRepos(["list", "--namespace", ORG, "--format", "json"], env), 0).stdout,
    ) as Repository[];
    expect(await deployedListing(stack)).toEqual(deployed);

    const drift = await swrRepos(
      ["drift", "--baseline", baselineFile, "--namespace", ORG, "--format", "json"],
      cliEnv,
    );
    expectExit(drift, 3);
    const reported = JSON.parse(drift.stdout) as DriftReport;
    // The refresh, swr-repos drift and compareListings say the same.
    expect((await inventoryOutputs(stack)).drift).toEqual(reported);
    expect(reported).toEqual(compareListings(deployed, current));
    expect(reported).toEqual({
      added: [{ namespace: ORG, name: "search", isPublic: false }],
      removed: [{ namespace: ORG, name: "cache", isPublic: false }],
      changed: [
        {
          namespace: ORG,
          name: "api",
          changes: [
            { field: "size", before: 104_857_600, after: 157_286_400 },
            {
              field: "tags",
              before: ["1.0.0", "1.1.0"],
              after: ["1.0.0", "1.1.0", "1.2.0"],
              added: ["1.2.0"],
              removed: [],
            },
          ],
        },
        { namespace: ORG, name: "web", changes: [{ field: "isPublic", before: false, after: true }] },
      ],
      unchanged: 1,
    });

    // `pulumi up` accepts the listing the refresh saw; after it, the stack is settled.
    expectExit(await stack.run(["up", "--yes", "--skip-preview"]), 0);
    expect(await stack.outputs()).toMatchObject({ total: 4, publicRepositories: [`${ORG}/web`] });
    expect((await inventoryOutputs(stack)).drift).toEqual(noDrift(4));
    expect(names(await deployedListing(stack))).toEqual([
      `${ORG}/api`,
      `${ORG}/search`,
      `${ORG}/web`,
      `${ORG}/worker`,
    ]);
    expectExit(await stack.run(["preview", "--expect-no-changes"]), 0);

    await stack.destroy();
    expect(await workspace.stateFilesContaining(ORG)).not.toEqual([]);

    // With debug output on all along, no secret anywhere: the output of every command, swr-repos
    // included, Pulumi's log files (every property the engine, the program and the inventory's
    // provider exchanged), the baseline, the state and its history.
    expect(await workspace.logFiles()).toHaveLength(workspace.commands.length);
    const captured = [...(await workspace.captured([stack.configFile])), ...commandTexts([list, drift])];
    expect(findSecrets(captured, emulator.secrets)).toEqual([]);
    // Debug output was on: swr-repos logged its requests on stderr, the token redacted.
    expect(sourcesMatching(captured, redactedRequestLine("X-Auth-Token"))).toEqual(
      expect.arrayContaining([`stderr of ${list.command}`, `stderr of ${drift.command}`]),
    );
  });
});
