import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { CommandResult, expectExit, runCommand } from "./process";

/** The repository root. */
export const REPO = path.resolve(__dirname, "..", "..");

let bin: Promise<string> | undefined;

/**
 * The directory holding `pulumi` v3.248.0, its Node language host and the dynamic-provider launcher:
 * one on PATH, the cache, or a build with Go (scripts/ensure-pulumi.sh decides; the build can take
 * ~17 minutes on a cold Go cache). Run once per test process.
 */
export function ensurePulumi(): Promise<string> {
  bin ??= runCommand("bash", [path.join(REPO, "scripts", "ensure-pulumi.sh")], {
    cwd: REPO,
    env: process.env,
    timeoutMs: 30 * 60 * 1000,
  }).then((result) => expectExit(result, 0).stdout.trim().split("\n").pop() ?? "");
  return bin;
}

/** The test runner's environment without anything that would steer SWR or Pulumi elsewhere. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(HW_|HUAWEICLOUD_SDK_|PULUMI_|SWR_DEBUG$)/.test(name)),
  );
}

/**
 * A Pulumi CLI setup of its own in a temporary directory: `PULUMI_HOME`, a file backend (the state
 * the tests search for secrets), an empty passphrase, no update checks and no plugin downloads.
 * Programs are transpiled without a type check (about 7 s saved per command): `prepareExample`
 * type-checks each example once.
 */
export class PulumiWorkspace {
  private constructor(
    /** The temporary directory holding everything below. */
    readonly dir: string,
    /** The file backend's directory: every state file, history and backup. */
    readonly stateDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Makes the directories and logs in to the file backend. */
  static async create(label: string): Promise<PulumiWorkspace> {
    const pulumiBin = await ensurePulumi();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), `pulumi-swr-e2e-${label}-`));
    const home = path.join(dir, "home");
    const stateDir = path.join(dir, "state");
    await fs.mkdir(home);
    await fs.mkdir(stateDir);
    const workspace = new PulumiWorkspace(dir, stateDir, {
      ...cleanEnvironment(),
      PATH: `${pulumiBin}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: home,
      PULUMI_BACKEND_URL: `file://${stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    });
    expectExit(await workspace.pulumi(["login"], dir), 0);
    return workspace;
  }

  /** Runs `pulumi ARGS` in `cwd`, with this workspace's environment plus `env`. */
  pulumi(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
    return runCommand("pulumi", [...args, "--non-interactive", "--color", "never"], {
      cwd,
      env: { ...this.env, ...env },
    });
  }

  /** The backend's files that contain `text` (paths relative to the backend). */
  async stateFilesContaining(text: string): Promise<string[]> {
    const files = await this.stateFiles();
    const hits: string[] = [];
    for (const file of files)
      if ((await fs.readFile(file, "utf8")).includes(text)) hits.push(path.relative(this.stateDir, file));
    return hits;
  }

  /** Every file of the backend: checkpoints, their history and backups. */
  async stateFiles(): Promise<string[]> {
    const entries = await fs.readdir(this.stateDir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  }

  /** Removes the temporary directory. */
  async dispose(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}

/** A resource as `pulumi stack export` writes it. */
export interface ExportedResource {
  readonly urn: string;
  readonly type: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

/**
 * A stack of an example, run in place in the example's directory (its `Pulumi.yaml` points the
 * `swr` plugin at this repository with a relative path). The name is unique, so its
 * `Pulumi.<stack>.yaml` never meets another run's; {@link remove} deletes it.
 */
export class ExampleStack {
  private constructor(
    readonly workspace: PulumiWorkspace,
    /** The example's directory. */
    readonly dir: string,
    readonly name: string,
    /** Added to the workspace's environment for every command: credentials and the endpoint. */
    readonly env: NodeJS.ProcessEnv,
  ) {}

  /** `pulumi stack init` of a new stack of the example in `dir`. */
  static async init(workspace: PulumiWorkspace, dir: string, env: NodeJS.ProcessEnv): Promise<ExampleStack> {
    const stack = new ExampleStack(workspace, dir, `e2e-${randomBytes(4).toString("hex")}`, env);
    expectExit(await workspace.pulumi(["stack", "init", stack.name], dir, env), 0);
    return stack;
  }

  /** The stack's config file, beside the example's `Pulumi.yaml`. */
  get configFile(): string {
    return path.join(this.dir, `Pulumi.${this.name}.yaml`);
  }

  /** Runs `pulumi ARGS --stack NAME` in the example's directory. */
  run(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
    return this.workspace.pulumi([...args, "--stack", this.name], this.dir, { ...this.env, ...env });
  }

  /** `pulumi config set [--secret] [--path] KEY VALUE`. */
  async setConfig(
    key: string,
    value: string,
    flags: { secret?: boolean; path?: boolean } = {},
  ): Promise<void> {
    const args = ["config", "set", key, value];
    if (flags.secret) args.push("--secret");
    if (flags.path) args.push("--path");
    expectExit(await this.run(args), 0);
  }

  /** `pulumi stack output --json`. */
  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse(expectExit(await this.run(["stack", "output", "--json"]), 0).stdout) as Record<
      string,
      unknown
    >;
  }

  /** The resources of `pulumi stack export` whose type is `type`. */
  async exportedResources(type: string): Promise<ExportedResource[]> {
    const exported = JSON.parse(expectExit(await this.run(["stack", "export"]), 0).stdout) as {
      deployment: { resources?: ExportedResource[] };
    };
    return (exported.deployment.resources ?? []).filter((r) => r.type === type);
  }

  /** `pulumi destroy`: the history keeps every checkpoint, for the secret search after it. */
  async destroy(): Promise<void> {
    expectExit(await this.run(["destroy", "--yes", "--skip-preview"]), 0);
  }

  /** `pulumi stack rm` (which deletes the config file; deleted here in any case, even when it fails). */
  async remove(): Promise<void> {
    try {
      expectExit(await this.run(["stack", "rm", "--yes", "--force"]), 0);
    } finally {
      await fs.rm(this.configFile, { force: true });
    }
  }
}
