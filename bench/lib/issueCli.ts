import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { progress, ROOT } from "./util";

/**
 * The last commit before the performance issue's work: the client whose figures the issue's table
 * calls "now" (2026-12-02). Its CLI runs beside today's, so "halve the client CPU per 1,000" is
 * judged against the very code the issue measured, on the same machine in the same run.
 */
export const ISSUE_COMMIT = "7a12889";

/** Where the commit's tree is built, out of the way of lint, tests and the package (`.cache/` is ignored). */
const BUILD_DIR = path.join(ROOT, ".cache", "bench", `cli-${ISSUE_COMMIT}`);

let built: string | undefined;

/**
 * The CLI of {@link ISSUE_COMMIT}, built once: its tree from git (`git archive`, so no worktree is
 * left registered), this checkout's `node_modules` (the commit's lock file is today's), and its own
 * `tsconfig.json`. Fails naming the commit when the history does not hold it (a shallow clone).
 */
export function issueCli(): string {
  if (built) return built;
  const cli = path.join(BUILD_DIR, "dist", "cli", "index.js");
  if (!existsSync(cli)) {
    progress(
      `building the CLI of commit ${ISSUE_COMMIT} (the issue's "now") in ${path.relative(ROOT, BUILD_DIR)} …`,
    );
    rmSync(BUILD_DIR, { recursive: true, force: true });
    mkdirSync(BUILD_DIR, { recursive: true });
    let tree: Buffer;
    try {
      tree = execFileSync("git", ["-C", ROOT, "archive", "--format=tar", ISSUE_COMMIT], {
        maxBuffer: 1 << 30,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      throw new Error(
        `commit ${ISSUE_COMMIT} is not in this clone's history (a shallow clone?): ${String(error)}`,
      );
    }
    execFileSync("tar", ["-x", "-C", BUILD_DIR], { input: tree });
    symlinkSync(path.join(ROOT, "node_modules"), path.join(BUILD_DIR, "node_modules"), "dir");
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    execFileSync(process.execPath, [tsc, "-p", path.join(BUILD_DIR, "tsconfig.json")], { stdio: "inherit" });
  }
  return (built = cli);
}
