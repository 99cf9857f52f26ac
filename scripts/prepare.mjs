/**
 * npm's `prepare` step: npm runs it on `npm install` in this directory, on `npm pack` and
 * `npm publish`, and when it installs the package from git. Where the sources are (a checkout, a git
 * clone), it builds `dist/` so what is packed or installed is what the sources say.
 *
 * An installed package has no sources, only what was built, and it too meets `npm install`: the
 * Pulumi engine installs a plugin directory's dependencies (PulumiPlugin.yaml, runtime nodejs) before
 * it starts the plugin from it. There, nothing is to be built.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
if (existsSync(path.join(root, "tsconfig.json"))) {
  // `npm run build` through the npm that runs this step (npm_execpath), so the command is written once.
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm, "run", "build"]] : ["npm", ["run", "build"]];
  execFileSync(command, args, { cwd: root, stdio: "inherit" });
}
