/* eslint-disable @typescript-eslint/no-require-imports -- the provider loads modules at run time; see below */
import * as pulumi from "@pulumi/pulumi";
import type * as SwrModule from "../client";
import type { Repository, RepositoryFilter } from "../client";
import { SELECTION_ARGUMENT_NAMES, SelectionArgumentName } from "../client/query/repositoryArguments";
import { layerSettings, SETTING_NAMES, SETTINGS } from "../client/settings";
import type { GetRepositoriesArgs, GetRepositoriesOutputArgs } from "./getRepositories";

/*
 * Pulumi serializes the provider object below into state (`__provider`) and runs that text in a
 * separate process on every create, read (refresh) and update. Closure serialization captures a
 * module *object* by `require("pkg/path")` only when it was loaded from node_modules; a module loaded
 * from anywhere else (a checkout, `npm link`, a test runner's registry) is serialized by value,
 * dragging in the whole client, undici included. So the provider never touches an imported module:
 * it calls the plain functions in this file (serialized by value, small) and `require`s the client
 * by package path inside their bodies, which closure serialization keeps as text. That path resolves
 * from the provider process's working directory, the Pulumi program's, so the program must have
 * `pulumi-swr` in its node_modules, as it does when it imports this package.
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

/** The module the provider loads at run time, as the program's node_modules holds it. */
const CLIENT_MODULE = "pulumi-swr/dist/sdk/client";

/** What Pulumi sends for a value not known yet (in a preview); captured as a plain string. */
const UNKNOWN: string = pulumi.runtime.unknownValue;

/** The query arguments an inventory takes: those that say which repositories (an inventory lists them all). */
const QUERY_KEYS = SELECTION_ARGUMENT_NAMES;
/** The settings an inventory takes as inputs: the non-secret ones. Secrets stay in the provider's environment. */
const SETTING_KEYS = SETTING_NAMES.filter((name) => !SETTINGS[name].secret) as Array<
  "region" | "endpoint" | "projectId"
>;
const CREDENTIAL_KEYS: readonly string[] = SETTING_NAMES.filter((name) => SETTINGS[name].secret);

/**
 * The arguments of a {@link RepositoryInventory}: a query (as {@link GetRepositoriesOutputArgs} takes
 * it) and where to send it. Credentials are not among them. Unset settings come from config
 * `swr:<name>`, else the environment where the provider runs (`HW_REGION_NAME`, `HW_SWR_ENDPOINT`,
 * `HW_PROJECT_ID`).
 */
export type RepositoryInventoryArgs = Pick<
  GetRepositoriesOutputArgs,
  SelectionArgumentName | "region" | "endpoint" | "projectId"
>;

/** The inputs as the provider receives them: the query and the non-secret settings, resolved. */
export type InventoryInputs = Pick<
  GetRepositoriesArgs,
  Exclude<SelectionArgumentName, "filter"> | "region" | "endpoint" | "projectId"
> & { readonly filter?: RepositoryFilter };

/** The state of an inventory: its inputs (so `read` can list again) and the listing. */
export interface InventoryState extends InventoryInputs {
  readonly kind: typeof KIND;
  /** Every repository the query matches, in the client's deterministic order. */
  readonly repositories: Repository[];
  /** How many there are. */
  readonly total: number;
  /** The public ones as `namespace/name`, sorted: what a reviewer or a policy reads. */
  readonly publicRepositories: string[];
  /** Hex sha256 of the canonical JSON (sorted keys, no spaces) of `repositories`: equal listings, equal fingerprints. */
  readonly fingerprint: string;
  /**
   * `fingerprint` as of the last create or update. A refresh changes `fingerprint` and keeps this, so the two
   * differ exactly while the registry has drifted since the last `pulumi up`.
   */
  readonly deployedFingerprint: string;
}

/** JSON with object keys sorted at every level, so equal values give equal text. `""` for `undefined`. */
export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
    ) ?? ""
  );
}

/** The given entries of `bag` among `keys` (absent and `undefined` ones left out). */
function pick<K extends string>(bag: object, keys: readonly K[]): Partial<Record<K, unknown>> {
  const values = bag as Record<string, unknown>;
  return Object.fromEntries(
    keys.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]),
  ) as Partial<Record<K, unknown>>;
}

/** The inputs among a property bag (inputs or state), without the provider, the outputs or anything else. */
function inventoryInputs(bag: object): InventoryInputs {
  return pick(bag, [...QUERY_KEYS, ...SETTING_KEYS]) as InventoryInputs;
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
    if ((QUERY_KEYS as readonly string[]).includes(key) || (SETTING_KEYS as readonly string[]).includes(key))
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
async function listInventory(inputs: InventoryInputs): Promise<Omit<InventoryState, "deployedFingerprint">> {
  const swr = require(CLIENT_MODULE) as typeof SwrModule;
  const { createHash } = require("node:crypto") as typeof import("node:crypto");
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
    return {
      ...given,
      kind: KIND,
      repositories,
      total: repositories.length,
      publicRepositories: repositories
        .filter((r) => r.isPublic)
        .map((r) => `${r.namespace}/${r.name}`)
        .sort(swr.compareStrings),
      fingerprint: createHash("sha256").update(canonicalJson(repositories)).digest("hex"),
    };
  } finally {
    await client.close();
  }
}

/** A stable id from the inputs at creation: the same query in two stacks gets the same id. */
function inventoryId(inputs: InventoryInputs): string {
  const { createHash } = require("node:crypto") as typeof import("node:crypto");
  return (
    "inventory-" +
    createHash("sha256")
      .update(canonicalJson(inventoryInputs(inputs)))
      .digest("hex")
      .slice(0, 16)
  );
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
    const before = inventoryInputs(olds);
    const after = inventoryInputs(news);
    const inputsChanged = [...QUERY_KEYS, ...SETTING_KEYS].some(
      (k) => canonicalJson(before[k]) !== canonicalJson(after[k]),
    );
    return { changes: inputsChanged || olds.fingerprint !== olds.deployedFingerprint };
  },
  async create(inputs) {
    const listed = await listInventory(inputs);
    return { id: inventoryId(inputs), outs: { ...listed, deployedFingerprint: listed.fingerprint } };
  },
  async read(id, props) {
    const listed = await listInventory(props ?? {});
    return {
      id,
      props: { ...listed, deployedFingerprint: props?.deployedFingerprint ?? listed.fingerprint },
    };
  },
  async update(_id, _olds, news) {
    const listed = await listInventory(news);
    return { outs: { ...listed, deployedFingerprint: listed.fingerprint } };
  },
};

/**
 * A listing of SWR repositories held in the stack's state. `pulumi up` lists when it creates the
 * inventory or when the query or a setting changed; `pulumi refresh` lists again and shows what
 * changed in the registry since (drift), and the next `pulumi up` accepts that listing. A plain
 * `pulumi up` never lists an unchanged inventory: use `pulumi up --refresh` for a current one.
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
  /** Every repository the query matches, in the client's deterministic order. */
  declare readonly repositories: pulumi.Output<Repository[]>;
  /** How many repositories the query matches. */
  declare readonly total: pulumi.Output<number>;
  /** The public repositories as `namespace/name`, sorted. */
  declare readonly publicRepositories: pulumi.Output<string[]>;
  /** Hex sha256 of the canonical JSON of `repositories`; changes exactly when the listing does. */
  declare readonly fingerprint: pulumi.Output<string>;
  /** `fingerprint` as of the last create or update; differs from it after a refresh that saw drift. */
  declare readonly deployedFingerprint: pulumi.Output<string>;

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
      },
      opts,
      "swr",
      "RepositoryInventory",
    );
  }
}
