import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { CommandResult, expectExit, runCommand } from "./process";
import { Captured, commandTexts, fileTexts } from "./secrets";

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

/** The commands that run the engine: they take `--debug`, which prints debug messages, plugins' stderr included. */
const ENGINE_COMMANDS = new Set(["up", "preview", "refresh", "destroy"]);

/**
 * The engine's log level: at 9 it logs every property passed between the engine, the program and
 * the providers, so a credential passed through any of them shows. Pulumi 3.248 itself writes
 * secret provider configuration in clear from level 7 (`Planner decided to create … inputs=…`, and at
 * 9 `Marshaling property for RPC[…Configure()…]`), so a stack with credentials in `swr:` stack config
 * runs at {@link CONFIG_SECRETS_VERBOSITY}, the highest level at which they stay out of its log.
 */
export const VERBOSITY = 9;
/** See {@link VERBOSITY}. */
export const CONFIG_SECRETS_VERBOSITY = 6;

/**
 * A Pulumi CLI setup of its own in a temporary directory: `PULUMI_HOME`, a file backend, an empty
 * passphrase, no update checks and no plugin downloads. Programs are transpiled without a type
 * check (about 7 s saved per command): `prepareExample` type-checks each example once.
 *
 * Every command runs with debug output on, so the tests can search all of it for secrets: the
 * plugin's request log (`SWR_DEBUG=1`), Pulumi's debug messages (`--debug`: plugins' stderr on stdout)
 * and its verbose log (`-v`, `--logflow`) written to files in `TMPDIR`, which points into the
 * workspace, as does everything else a run writes. {@link captured} gathers it all.
 */
export class PulumiWorkspace {
  /** Every `pulumi` command run, in order. */
  readonly commands: CommandResult[] = [];

  private constructor(
    /** The temporary directory holding everything below. */
    readonly dir: string,
    /** The file backend's directory: every state file, history and backup. */
    readonly stateDir: string,
    /** `TMPDIR` of every command: Pulumi's log files, and any temporary file of a plugin or program. */
    readonly tmpDir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly verbosity: number,
  ) {}

  /** Makes the directories and logs in to the file backend. */
  static async create(label: string, options: { verbosity?: number } = {}): Promise<PulumiWorkspace> {
    const pulumiBin = await ensurePulumi();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), `pulumi-swr-e2e-${label}-`));
    const home = path.join(dir, "home");
    const stateDir = path.join(dir, "state");
    const tmpDir = path.join(dir, "tmp");
    await Promise.all([home, stateDir, tmpDir].map((d) => fs.mkdir(d)));
    const env = {
      ...cleanEnvironment(),
      PATH: `${pulumiBin}${path.delimiter}${process.env.PATH ?? ""}`,
      TMPDIR: tmpDir,
      SWR_DEBUG: "1",
      PULUMI_HOME: home,
      PULUMI_BACKEND_URL: `file://${stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    };
    const workspace = new PulumiWorkspace(dir, stateDir, tmpDir, env, options.verbosity ?? VERBOSITY);
    expectExit(await workspace.pulumi(["login"], dir), 0);
    return workspace;
  }

  /** Runs `pulumi ARGS` in `cwd`, with this workspace's environment plus `env`, and debug output on. */
  async pulumi(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
    const debug = ENGINE_COMMANDS.has(args[0]) ? ["--debug"] : [];
    const flags = ["--non-interactive", "--color", "never", `-v=${this.verbosity}`, "--logflow", ...debug];
    const result = await runCommand("pulumi", [...args, ...flags], { cwd, env: { ...this.env, ...env } });
    this.commands.push(result);
    return result;
  }

  /** Pulumi's verbose log files, one per command. */
  async logFiles(): Promise<string[]> {
    return (await fs.readdir(this.tmpDir))
      .filter((f) => f.startsWith("pulumi."))
      .map((f) => path.join(this.tmpDir, f));
  }

  /**
   * Everything the commands left: each one's stdout and stderr, and every file in the workspace
   * (state, history, backups, `PULUMI_HOME`, log and temporary files), plus `files` (stack config).
   */
  async captured(files: readonly string[] = []): Promise<Captured[]> {
    const extra = await Promise.all(
      files.map(async (file) => ({ source: file, text: await fs.readFile(file, "utf8") })),
    );
    return [...commandTexts(this.commands), ...(await fileTexts(this.dir)), ...extra];
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

/** What an e2e suite started and must undo, any of it missing when its `beforeAll` failed early. */
export interface SuiteParts {
  readonly stacks: ReadonlyArray<{ remove(): Promise<void> } | undefined>;
  readonly emulators: ReadonlyArray<{ stop(): Promise<void> } | undefined>;
  readonly workspace?: PulumiWorkspace;
}

/**
 * Undoes an e2e suite: removes its stacks, then, even if that failed, stops its emulators and
 * disposes of the workspace (the stacks' state lives in it, so it goes last).
 */
export async function tearDown({ stacks, emulators, workspace }: SuiteParts): Promise<void> {
  try {
    for (const stack of stacks) await stack?.remove();
  } finally {
    await Promise.all(emulators.map((emulator) => emulator?.stop()));
    await workspace?.dispose();
  }
}
