import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../lib/processes";
import {
  isolatedPulumiEnvironment,
  CommandResult,
  ensurePulumi,
  expectSuccess,
  runCommand,
} from "../lib/pulumi";
import { progress, ROOT, Summary, summarize } from "../lib/util";

export interface PreviewResult {
  /** Repositories in the organization the stacks list. */
  readonly orgRepos: number;
  readonly latencyMs: number;
  readonly runs: number;
  /** `pulumi preview` of examples/image-paths (pulumi-swr, its plugin), ms. */
  readonly ours: Summary;
  /** `pulumi preview` of bench/stacks/official-image-paths (the official SDK, sequential), ms. */
  readonly official: Summary;
  readonly ratio: number;
  /** The pinned images both previews printed (the same, or the section fails). */
  readonly images: string[];
}

const ORG = "shop";
const STACK = "bench";
/** The services of the example's README and end-to-end test. */
const SERVICES = {
  web: { repository: "web", tag: "1.5.0", port: 8080, replicas: 2 },
  gateway: { repository: "platform/gateway", tag: "3.0.0", port: 443 },
  worker: { repository: "worker", tag: "0.9.0" },
};

interface WireRepository {
  name: string;
  namespace: string;
  path: string;
  internal_path: string;
}

/**
 * The organization `shop`: the example's data set (its services, and `shop-dev` beside it) plus the
 * emulator's seeded repositories moved into `shop` (named `<their organization>-<name>`), so that
 * the stacks list `orgRepos` repositories in all.
 */
async function loadOrganization(url: string, orgRepos: number): Promise<void> {
  const demo = JSON.parse(
    readFileSync(path.join(ROOT, "examples", "image-paths", "emulator-repositories.json"), "utf8"),
  ) as WireRepository[];
  const seeded = (await (await fetch(`${url}/__emulator/repositories`)).json()) as WireRepository[];
  const taken = new Set(demo.filter((r) => r.namespace === ORG).map((r) => r.name));
  const moved: WireRepository[] = [];
  for (const repo of seeded) {
    if (moved.length + taken.size >= orgRepos) break;
    const name = `${repo.namespace}-${repo.name}`;
    if (taken.has(name)) continue;
    taken.add(name);
    const rehome = (p: string) =>
      p.slice(0, p.length - `${repo.namespace}/${repo.name}`.length) + `${ORG}/${name}`;
    moved.push({
      ...repo,
      namespace: ORG,
      name,
      path: rehome(repo.path),
      internal_path: rehome(repo.internal_path),
    });
  }
  const response = await fetch(`${url}/__emulator/repositories`, {
    method: "PUT",
    body: JSON.stringify([...demo, ...moved]),
  });
  if (!response.ok) throw new Error(`PUT /__emulator/repositories: ${response.status}`);
}

/** A working copy of a program: `files` from `from` (and `extra`, as [source, name]) into `to`. */
function copyProgram(
  from: string,
  to: string,
  files: readonly string[],
  extra: ReadonlyArray<[string, string]> = [],
) {
  mkdirSync(to, { recursive: true });
  for (const file of files) copyFileSync(path.join(from, file), path.join(to, file));
  for (const [source, name] of extra) copyFileSync(source, path.join(to, name));
}

/** The pinned images (`…@sha256:…`) a preview printed, sorted and distinct. */
function imagesIn(result: CommandResult): string[] {
  return [...new Set(result.stdout.match(/swr\.[^\s"',]+@sha256:[0-9a-f]{64}/g) ?? [])].sort();
}

/**
 * What a stack user waits for: `pulumi preview` with the real CLI (file backend, no network) of
 * examples/image-paths against one organization, beside the same program written with the official
 * SDK. The working copies live under .cache/bench (git-ignored) so that Node finds this repository's
 * node_modules above them; the example's `node_modules/pulumi-swr` is a link to this repository,
 * as its `file:../..` dependency would be. Alternating, after one discarded preview each.
 */
export async function measurePreview(
  orgRepos: number,
  latencyMs: number,
  runs: number,
): Promise<PreviewResult> {
  progress(`pulumi preview, organization of ${orgRepos} at L=${latencyMs}ms …`);
  const bin = await ensurePulumi();
  mkdirSync(path.join(ROOT, ".cache", "bench"), { recursive: true });
  const dir = mkdtempSync(path.join(ROOT, ".cache", "bench", "preview-"));
  const emulator = await startEmulator({ repos: Math.max(1, orgRepos), latencyMs });
  try {
    await loadOrganization(emulator.target.url, orgRepos);
    const env = isolatedPulumiEnvironment(bin, dir, {
      HW_SWR_ENDPOINT: emulator.target.url,
      HW_ACCESS_KEY: emulator.target.accessKey,
      HW_SECRET_KEY: emulator.target.secretKey,
    });
    const example = path.join(ROOT, "examples", "image-paths");
    const programs = {
      ours: { dir: path.join(dir, "ours"), project: "swr-image-paths" },
      official: { dir: path.join(dir, "official"), project: "swr-image-paths-official" },
    };
    copyProgram(example, programs.ours.dir, [
      "Pulumi.yaml",
      "package.json",
      "tsconfig.json",
      "index.ts",
      "render.ts",
    ]);
    mkdirSync(path.join(programs.ours.dir, "node_modules"));
    symlinkSync(ROOT, path.join(programs.ours.dir, "node_modules", "pulumi-swr"), "dir");
    copyProgram(
      path.join(ROOT, "bench", "stacks", "official-image-paths"),
      programs.official.dir,
      ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts"],
      [[path.join(example, "render.ts"), "render.ts"]],
    );
    const pulumi = (args: readonly string[], cwd: string) =>
      runCommand("pulumi", [...args, "--non-interactive", "--color", "never"], { cwd, env });
    expectSuccess(await pulumi(["login"], dir));
    for (const program of Object.values(programs)) {
      expectSuccess(await pulumi(["stack", "init", STACK], program.dir));
      // JSON is YAML: the stack's config appended to what `stack init` wrote (its encryption salt).
      const file = path.join(program.dir, `Pulumi.${STACK}.yaml`);
      const config = { [`${program.project}:namespace`]: ORG, [`${program.project}:services`]: SERVICES };
      writeFileSync(file, readFileSync(file, "utf8") + `config: ${JSON.stringify(config)}\n`);
    }
    const preview = async (kind: keyof typeof programs) =>
      expectSuccess(await pulumi(["preview", "--stack", STACK], programs[kind].dir));
    const samples = { ours: [] as number[], official: [] as number[] };
    const warm = { ours: await preview("ours"), official: await preview("official") };
    const images = imagesIn(warm.ours);
    if (images.length !== Object.keys(SERVICES).length || images.join() !== imagesIn(warm.official).join())
      throw new Error(`the previews pinned different images: ${images} against ${imagesIn(warm.official)}`);
    for (let run = 0; run < runs; run++) {
      for (const kind of run % 2 ? (["official", "ours"] as const) : (["ours", "official"] as const)) {
        progress(`  preview ${kind} ${run + 1}/${runs}`);
        samples[kind].push((await preview(kind)).ms);
      }
    }
    const ours = summarize(samples.ours);
    const official = summarize(samples.official);
    return { orgRepos, latencyMs, runs, ours, official, ratio: ours.median / official.median, images };
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
