import * as fs from "node:fs/promises";
import * as path from "node:path";
import type { WireRepository } from "../../emulator";
import { expectExit, runCommand } from "./process";
import { REPO } from "./pulumi";

/** The directory of an example. */
export function exampleDir(name: string): string {
  return path.join(REPO, "examples", name);
}

/**
 * Gets a directory of an example ready as its README says: `npm install` (no lock file written; its
 * `pulumi-swr` is this repository, linked, so it runs the code just built), then a type check with
 * its own tsconfig. The programs then run with `PULUMI_NODEJS_TRANSPILE_ONLY` (see PulumiWorkspace):
 * checked once here instead of on every `pulumi` command.
 */
export async function prepareExample(dir: string): Promise<void> {
  const options = { cwd: dir, env: process.env };
  expectExit(
    await runCommand("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock"], options),
    0,
  );
  expectExit(
    await runCommand(path.join(dir, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", "."], options),
    0,
  );
}

/**
 * A data set of an example's README, `emulator-repositories.json` by default: what the README loads
 * into the emulator (`PUT /__emulator/repositories`), and what the tests add to the seeded set.
 */
export async function demoRepositories(
  name: string,
  file = "emulator-repositories.json",
): Promise<WireRepository[]> {
  return JSON.parse(await fs.readFile(path.join(exampleDir(name), file), "utf8")) as WireRepository[];
}
