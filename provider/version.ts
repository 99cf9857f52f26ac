import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

/**
 * This package's version, from the nearest `package.json` named `pulumi-swr` above `from`: the same
 * file whether the plugin runs from `dist/provider/` or from sources.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
      if (manifest.name === "pulumi-swr" && typeof manifest.version === "string") return manifest.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`pulumi-swr: no package.json of pulumi-swr above ${from}`);
  }
}
