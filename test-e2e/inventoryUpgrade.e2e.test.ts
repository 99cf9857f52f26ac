import { createHash } from "node:crypto";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import type { Repository } from "../sdk/client";
import { compareListings } from "../sdk/drift/compare";
import { unpackListing } from "../sdk/drift/packedListing";
import { canonicalJson } from "../sdk/pulumi/repositoryInventory";
import { EmulatorProcess, swrRepos } from "./support/emulator";
import { demoRepositories, exampleDir, prepareExample } from "./support/examples";
import { CommandResult, expectExit } from "./support/process";
import { ExampleStack, ExportedResource, PulumiWorkspace, tearDown } from "./support/pulumi";

const INVENTORY_TYPE = "pulumi-nodejs:dynamic/swr:RepositoryInventory";
const ORG = "drift-demo";
/** A stack of examples/drift-report written by the version before packed listings (see fixtures/README.md). */
const FIXTURE = path.join(__dirname, "fixtures", "drift-report-0.1.0.stack.json");
const FIXTURE_STACK = "fixture";

/** The stack's one inventory, as `pulumi stack export` shows it. */
async function inventory(stack: ExampleStack): Promise<ExportedResource & { id?: string }> {
  const [resource, ...others] = await stack.exportedResources(INVENTORY_TYPE);
  expect(others).toEqual([]);
  return resource;
}

/**
 * Asserts a command changed the inventory in place: its summary counts one update (or one to
 * update, in a preview) and nothing created, deleted or replaced, and no step replaced it.
 */
function expectUpdateOnly(result: CommandResult): void {
  expectExit(result, 0);
  const summary = result.stdout.slice(result.stdout.lastIndexOf("Resources:")).split("\n\n")[0];
  expect(summary).toMatch(/~ 1 (updated|to update)/);
  expect(summary).not.toMatch(/replace|create|delete/i);
  expect(result.stdout).not.toMatch(
    /^\s*(\+-|-\+|\+\+|--)\s+pulumi-nodejs:dynamic\/swr:RepositoryInventory/m,
  );
}

describe("a stack an earlier pulumi-swr wrote, with the Pulumi CLI", () => {
  let emulator: EmulatorProcess;
  let workspace: PulumiWorkspace;
  const stacks: ExampleStack[] = [];

  beforeAll(async () => {
    [emulator, workspace] = await Promise.all([
      EmulatorProcess.start(["--repos", "60", "--seed", "23"]),
      PulumiWorkspace.create("inventory-upgrade"),
      prepareExample(exampleDir("drift-report")),
    ]);
    const demo = await demoRepositories("drift-report");
    await emulator.changeRepositories((repositories) => [...repositories, ...demo]);
  });

  afterAll(() => tearDown({ stacks: stacks, emulators: [emulator], workspace }));

  /** A new stack of the example holding the fixture's state: the stack an earlier version left. */
  async function earlierStack(): Promise<ExampleStack> {
    const env = { HW_SWR_ENDPOINT: emulator.url, HW_AUTH_TOKEN: emulator.token };
    const stack = await ExampleStack.init(workspace, exampleDir("drift-report"), env);
    stacks.push(stack);
    await stack.setConfig("namespace", ORG);
    const text = (await fs.readFile(FIXTURE, "utf8"))
      .replaceAll(`urn:pulumi:${FIXTURE_STACK}::`, `urn:pulumi:${stack.name}::`)
      .replaceAll(`swr-drift-report-${FIXTURE_STACK}`, `swr-drift-report-${stack.name}`);
    const file = path.join(workspace.dir, `${stack.name}.json`);
    await fs.writeFile(file, text);
    expectExit(await stack.run(["stack", "import", "--file", file]), 0);
    const earlier = await inventory(stack);
    expect(earlier.outputs?.repositories).toHaveLength(4);
    expect(earlier.outputs?.deployedListing).toBeUndefined();
    return stack;
  }

  /** The listing of the organization now, every field, as `swr-repos list` gives it. */
  async function currentListing(): Promise<Repository[]> {
    const env = { HW_SWR_ENDPOINT: emulator.url, HW_AUTH_TOKEN: emulator.token };
    const list = expectExit(await swrRepos(["list", "--namespace", ORG, "--format", "json"], env), 0);
    return JSON.parse(list.stdout) as Repository[];
  }

  test("pulumi up rewrites its inventory in the packed form as an update: same id, same outputs", async () => {
    const stack = await earlierStack();
    const before = await inventory(stack);

    expectUpdateOnly(await stack.run(["preview", "--diff"]));
    expectUpdateOnly(await stack.run(["up", "--yes", "--skip-preview"]));

    const after = await inventory(stack);
    expect(after.urn).toBe(before.urn);
    expect(after.id).toBe(before.id);
    const listing = await currentListing();
    expect(after.outputs).toMatchObject({
      total: before.outputs?.total,
      publicRepositories: before.outputs?.publicRepositories,
      // The registry did not change since the fixture was written, nor did the fingerprint's meaning.
      fingerprint: before.outputs?.fingerprint,
      deployedFingerprint: before.outputs?.fingerprint,
      drift: { added: [], removed: [], changed: [], unchanged: 4 },
    });
    expect(after.outputs?.repositories).toBeUndefined();
    expect(compareListings(unpackListing(after.outputs?.deployedListing), listing).unchanged).toBe(4);
    expectExit(await stack.run(["preview", "--expect-no-changes"]), 0);
  });

  test("pulumi refresh runs the code the earlier state holds, which still works; the next up upgrades", async () => {
    const stack = await earlierStack();
    const drifted = await demoRepositories("drift-report", "emulator-repositories-drifted.json");
    await emulator.changeRepositories((repositories) => [
      ...repositories.filter((r) => r.namespace !== ORG),
      ...drifted,
    ]);
    try {
      // The engine runs `read` with the provider text in state, the earlier version's: it loads
      // the client from node_modules, now this version's, and keeps writing full rows.
      expectExit(await stack.run(["refresh", "--yes"]), 0);
      const refreshed = await inventory(stack);
      const listing = await currentListing();
      expect(refreshed.outputs?.repositories).toEqual(listing);
      expect(refreshed.outputs?.deployedListing).toBeUndefined();

      expectUpdateOnly(await stack.run(["up", "--yes", "--skip-preview"]));
      const upgraded = await inventory(stack);
      expect(upgraded.id).toBe(refreshed.id);
      const sha256 = (value: unknown) => createHash("sha256").update(canonicalJson(value)).digest("hex");
      expect(upgraded.outputs).toMatchObject({
        total: 4,
        publicRepositories: [`${ORG}/web`],
        fingerprint: sha256(listing),
        deployedFingerprint: sha256(listing),
        drift: { added: [], removed: [], changed: [], unchanged: 4 },
      });
      expect(upgraded.outputs?.repositories).toBeUndefined();
      expectExit(await stack.run(["preview", "--expect-no-changes"]), 0);
    } finally {
      const demo = await demoRepositories("drift-report");
      await emulator.changeRepositories((repositories) => [
        ...repositories.filter((r) => r.namespace !== ORG),
        ...demo,
      ]);
    }
  });
});
