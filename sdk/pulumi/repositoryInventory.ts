/* eslint-disable @typescript-eslint/no-require-imports -- the provider loads modules at run time; see below */
import * as pulumi from "@pulumi/pulumi";
import type * as SwrModule from "../client";
import type { Repository, RepositoryFilter } from "../client";
import { SELECTION_ARGUMENT_NAMES, SelectionArgumentName } from "../client/query/repositoryArguments";
import type { DriftReport } from "../drift/report";
import type { PackedListing } from "../drift/packedListing";
import type * as StateModule from "./inventoryState";
import type { InventoryListingOutputs } from "./inventoryState";
import { layerSettings, SETTING_NAMES, SETTINGS } from "../client/settings";
import type { GetRepositoriesArgs, GetRepositoriesOutputArgs } from "./getRepositories";

/*
 * Pulumi serializes the provider object below into state (`__provider`) and runs that text in a
 * separate process on every create, read (refresh) and update. Closure serialization captures a
 * module *object* by `require("pkg/path")` only when it was loaded from node_modules; a module loaded
 * from anywhere else (a checkout, `npm link`, a test runner's registry) is serialized by value,
 * dragging in the whole client, undici included. So the provider never touches an imported module:
 * it calls the plain functions in this file (serialized by value, small) and `require`s the client
 * and the state code (`inventoryState.ts`) by package path inside their bodies, which closure
 * serialization keeps as text. So a refresh, which the engine runs with the provider text in state,
 * runs the installed version's client and state code (for stacks written by this version on). That
 * path resolves from the provider process's working directory, the Pulumi program's, so the program
 * must have `pulumi-swr` in its node_modules, as it does when it imports this package.
 *
 * No client and no credential is ever captured: clients are built inside each call, and the client
 * reads credentials from the provider process's environment, which the Pulumi CLI passes down.
 */

/** The `kind` output every inventory carries; non-exported so the serialized provider captures the value. */
const KIND = "swr:RepositoryInventory";

/**
 * The `kind` output of every {@link RepositoryInventory}. Its resources are Pulumi dynamic resources,
 * so policies and tools recognise them by this marker among their outputs.
 */
export const INVENTORY_KIND: typeof KIND = KIND;

/** The modules the provider loads at run time, as the program's node_modules holds them. */
const CLIENT_MODULE = "pulumi-swr/dist/sdk/client";
const STATE_MODULE = "pulumi-swr/dist/sdk/pulumi/inventoryState";

/** What Pulumi sends for a value not known yet (in a preview); captured as a plain string. */
const UNKNOWN: string = pulumi.runtime.unknownValue;

/** The query arguments an inventory takes: those that say which repositories (an inventory lists them all). */
const QUERY_KEYS = SELECTION_ARGUMENT_NAMES;
/** The settings an inventory takes as inputs: the non-secret ones. Secrets stay in the provider's environment. */
const SETTING_KEYS = SETTING_NAMES.filter((name) => !SETTINGS[name].secret) as Array<
  "region" | "endpoint" | "projectId"
>;
const CREDENTIAL_KEYS: readonly string[] = SETTING_NAMES.filter((name) => SETTINGS[name].secret);
/** What the inventory keeps, beside the query and the settings. */
const OPTION_KEYS = ["keepRepositories"] as const;

/**
 * The arguments of a {@link RepositoryInventory}: a query (as {@link GetRepositoriesOutputArgs} takes
 * it) and where to send it. Credentials are not among them. Unset settings come from config
 * `swr:<name>`, else the environment where the provider runs (`HW_REGION_NAME`, `HW_SWR_ENDPOINT`,
 * `HW_PROJECT_ID`).
 */
export type RepositoryInventoryArgs = Pick<
  GetRepositoriesOutputArgs,
  SelectionArgumentName | "region" | "endpoint" | "projectId"
> & {
  /**
   * Keep every field of every repository in state, as the `repositories` output. Off by default:
   * about 550 bytes a repository, which the engine diffs, serializes and checkpoints on every `up`,
   * `preview` and `refresh` (55 MB at 100,000). Drift needs none of it; turn it on for a small
   * inventory whose program reads full rows, or read them with `getRepositoriesOutput`.
   */
  readonly keepRepositories?: pulumi.Input<boolean>;
};

/** The inputs as the provider receives them: the query and the non-secret settings, resolved. */
export type InventoryInputs = Pick<
  GetRepositoriesArgs,
  Exclude<SelectionArgumentName, "filter"> | "region" | "endpoint" | "projectId"
> & { readonly filter?: RepositoryFilter; readonly keepRepositories?: boolean };

/**
 * The state of an inventory: its inputs (so `read` can list again) and what drift needs of the
 * listing (see `inventoryState.ts`). `fingerprint` changes with any field of any repository;
 * `deployedFingerprint` and `deployedListing` are as of the last create or update, so a refresh that
 * saw the registry move leaves them, and `drift` says what moved.
 */
export interface InventoryState extends InventoryInputs, InventoryListingOutputs {
  readonly kind: typeof KIND;
}

export { canonicalJson } from "./inventoryState";

/** The given entries of `bag` among `keys` (absent and `undefined` ones left out). */
function pick<K extends string>(bag: object, keys: readonly K[]): Partial<Record<K, unknown>> {
  const values = bag as Record<string, unknown>;
  return Object.fromEntries(
    keys.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]),
  ) as Partial<Record<K, unknown>>;
}

/** The inputs among a property bag (inputs or state), without the provider, the outputs or anything else. */
function inventoryInputs(bag: object): InventoryInputs {
  return pick(bag, [...QUERY_KEYS, ...SETTING_KEYS, ...OPTION_KEYS]) as InventoryInputs;
}

/** True when a value, or anything inside it, is not known yet. */
function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Check failures of proposed inputs; values not known yet are checked when they are. */
function checkInventory(news: Record<string, unknown>): pulumi.dynamic.CheckFailure[] {
  const swr = require(CLIENT_MODULE) as typeof SwrModule;
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const known: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(news)) {
    if (key === "__provider" || containsUnknown(value)) continue;
    if (
      (QUERY_KEYS as readonly string[]).includes(key) ||
      (SETTING_KEYS as readonly string[]).includes(key) ||
      (OPTION_KEYS as readonly string[]).includes(key)
    )
      known[key] = value;
    else if (CREDENTIAL_KEYS.includes(key))
      failures.push({
        property: key,
        reason:
          "secret settings are not inputs, so that they never reach the state: set them in the environment of " +
          "`pulumi` (HW_ACCESS_KEY and HW_SECRET_KEY, with HW_SECURITY_TOKEN, or HW_AUTH_TOKEN; HTTPS_PROXY)",
      });
    else failures.push({ property: key, reason: "is not an input of RepositoryInventory" });
  }
  const issues = (run: () => unknown): readonly SwrModule.InputIssue[] => {
    try {
      run();
      return [];
    } catch (error) {
      if (error instanceof swr.SwrInputError) return error.issues;
      throw error;
    }
  };
  if (known.keepRepositories !== undefined && typeof known.keepRepositories !== "boolean")
    failures.push({ property: "keepRepositories", reason: "must be true or false" });
  for (const issue of issues(() => swr.validateQuery(pick(known, QUERY_KEYS))))
    failures.push({ property: issue.field, reason: issue.rule });
  const settings = pick(known, SETTING_KEYS);
  for (const [key, value] of Object.entries(settings))
    if (typeof value !== "string") failures.push({ property: key, reason: "must be a string" });
  // Only what is given is checked here: the rest, credentials included, comes from the environment at run time.
  for (const issue of issues(() => swr.resolveSettings(settings as SwrModule.SwrSettings, {})))
    if (issue.field in settings) failures.push({ property: issue.field, reason: issue.rule });
  return failures;
}

/** Lists the repositories the inputs ask for, with a client built for this call alone. */
async function listInventory(inputs: InventoryInputs): Promise<Repository[]> {
  const swr = require(CLIENT_MODULE) as typeof SwrModule;
  const given = inventoryInputs(inputs);
  const client = new swr.SwrClient({
    region: given.region,
    endpoint: given.endpoint,
    projectId: given.projectId,
    // As in the plugin: SWR_DEBUG=1 where `pulumi` runs logs each request (secrets redacted by the
    // client) to the provider's stderr, which the engine shows with --logtostderr or keeps in its logs.
    debug: swr.debugFromEnv(process.env),
  });
  try {
    const { repositories } = await client.listRepositories(
      pick(given, QUERY_KEYS) as SwrModule.RepositoryQuery,
    );
    return repositories;
  } finally {
    await client.close();
  }
}

/** The state after `pulumi up` (create or update) lists for `inputs`. */
async function deployedState(inputs: InventoryInputs): Promise<InventoryState> {
  const state = require(STATE_MODULE) as typeof StateModule;
  const listing = await listInventory(inputs);
  return {
    ...inventoryInputs(inputs),
    kind: KIND,
    ...state.deployedOutputs(listing, inputs.keepRepositories === true),
  };
}

/** A stable id from the inputs at creation: the same query in two stacks gets the same id. */
function inventoryId(inputs: InventoryInputs): string {
  const state = require(STATE_MODULE) as typeof StateModule;
  return "inventory-" + state.sha256Hex(inventoryInputs(inputs)).slice(0, 16);
}

/**
 * The dynamic provider. `diff` never lists: it reports a change when the inputs changed (a new query
 * or setting) or when a refresh has seen the listing drift since the last create or update. Pulumi
 * 3.248 shows a refresh as the inverse of the `diff` between the refreshed state and the inputs, so
 * without the second rule `pulumi refresh` would store the new listing yet show "unchanged"; with it,
 * a refresh (and `pulumi preview --refresh`) shows the drift, and the next `pulumi up` accepts it.
 */
const provider: pulumi.dynamic.ResourceProvider<InventoryInputs, InventoryState> = {
  async check(_olds, news) {
    return { inputs: news, failures: checkInventory(news as Record<string, unknown>) };
  },
  async diff(_id, olds, news) {
    const state = require(STATE_MODULE) as typeof StateModule;
    const before = inventoryInputs(olds);
    const after = inventoryInputs(news);
    const inputsChanged = [...QUERY_KEYS, ...SETTING_KEYS, ...OPTION_KEYS].some(
      (k) => state.canonicalJson(before[k]) !== state.canonicalJson(after[k]),
    );
    // A state an earlier version wrote (full rows, no packed listing) is rewritten by an update:
    // never a replace, and the id stays.
    const earlier = state.isEarlierForm(olds as unknown as Record<string, unknown>);
    return { changes: inputsChanged || olds.fingerprint !== olds.deployedFingerprint || earlier };
  },
  async create(inputs) {
    return { id: inventoryId(inputs), outs: await deployedState(inputs) };
  },
  async read(id, props) {
    const state = require(STATE_MODULE) as typeof StateModule;
    const given = inventoryInputs(props ?? {});
    const listing = await listInventory(given);
    const outputs = state.refreshedOutputs(
      (props ?? {}) as unknown as Record<string, unknown>,
      listing,
      given.keepRepositories === true,
    );
    return { id, props: { ...given, kind: KIND, ...outputs } };
  },
  async update(_id, _olds, news) {
    return { outs: await deployedState(news) };
  },
};

/**
 * A listing of SWR repositories held in the stack's state. `pulumi up` lists when it creates the
 * inventory or when the query or a setting changed; `pulumi refresh` lists again and shows what
 * changed in the registry since (drift: the `drift` output, as `swr-repos drift` reports it), and the
 * next `pulumi up` accepts that listing. A plain `pulumi up` never lists an unchanged inventory: use
 * `pulumi up --refresh` for a current one.
 *
 * The state keeps what drift needs, compactly: the fields drift compares of every repository as of
 * the last `pulumi up` (packed, a few dozen bytes a repository), the public repositories, the count
 * and the fingerprint. Full rows only with `keepRepositories` (or read them with
 * `getRepositoriesOutput`). A stack written by an earlier version, which kept full rows, is rewritten
 * in this form by its next `pulumi up`, as an update.
 *
 * Credentials are never inputs and never in state: the provider reads `HW_ACCESS_KEY` and
 * `HW_SECRET_KEY` (with `HW_SECURITY_TOKEN` for temporary keys) or `HW_AUTH_TOKEN` from the
 * environment of the `pulumi` command on every create, refresh and update (`swr:*` credentials in
 * stack config, which `getRepositories` accepts, are not used here: they would have to be inputs,
 * and inputs are stored in state). The program must have `pulumi-swr` installed in its node_modules:
 * the provider code kept in state loads the client from there. `SWR_DEBUG=1` in that environment
 * logs each request the provider sends, secrets redacted, as the plugin does.
 *
 * A Pulumi dynamic resource (type `pulumi-nodejs:dynamic/swr:RepositoryInventory`), recognisable by
 * its `kind` output, {@link INVENTORY_KIND}.
 *
 * @example
 * const inventory = new RepositoryInventory("team-a", { namespace: "team-a", region: "ap-southeast-1" });
 * export const publicRepos = inventory.publicRepositories;
 * export const fingerprint = inventory.fingerprint;
 */
export class RepositoryInventory extends pulumi.dynamic.Resource {
  /** Always {@link INVENTORY_KIND}. */
  declare readonly kind: pulumi.Output<typeof KIND>;
  /**
   * Every field of every repository the query matches, in the client's deterministic order: only
   * with `keepRepositories`, else `undefined`.
   */
  declare readonly repositories: pulumi.Output<Repository[] | undefined>;
  /** How many repositories the query matches. */
  declare readonly total: pulumi.Output<number>;
  /** The public repositories as `namespace/name`, sorted. */
  declare readonly publicRepositories: pulumi.Output<string[]>;
  /** Hex sha256 of the canonical JSON of every repository's fields; changes exactly when the listing does. */
  declare readonly fingerprint: pulumi.Output<string>;
  /** `fingerprint` as of the last create or update; differs from it after a refresh that saw drift. */
  declare readonly deployedFingerprint: pulumi.Output<string>;
  /** The fields drift compares of every repository as of the last create or update, packed (`unpackListing` reads it). */
  declare readonly deployedListing: pulumi.Output<PackedListing>;
  /** What changed in the registry between the last create or update and the last refresh; empty after `pulumi up`. */
  declare readonly drift: pulumi.Output<DriftReport>;

  constructor(name: string, args: RepositoryInventoryArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const config = new pulumi.Config("swr");
    const { region, endpoint, projectId, ...query } = args;
    // Stack config fills in what the arguments leave out, by group: an explicit region is never
    // overridden by a configured endpoint. Credentials in config are not used; see the class note.
    const settings = layerSettings<pulumi.Input<string>>(
      { region, endpoint, projectId },
      {
        region: config.get("region") || undefined,
        endpoint: config.get("endpoint") || undefined,
        projectId: config.get("projectId") || undefined,
      },
    );
    super(
      provider,
      name,
      {
        ...query,
        region: settings.region,
        endpoint: settings.endpoint,
        projectId: settings.projectId,
        kind: undefined,
        repositories: undefined,
        total: undefined,
        publicRepositories: undefined,
        fingerprint: undefined,
        deployedFingerprint: undefined,
        deployedListing: undefined,
        drift: undefined,
      },
      opts,
      "swr",
      "RepositoryInventory",
    );
  }
}
