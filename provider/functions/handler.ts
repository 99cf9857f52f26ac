/**
 * What every function of the plugin does around its own work: split the settings from the
 * arguments, check both against the function's schema entry, build a client, run, and turn errors
 * into failures (broken rules) or messages (the server's code and request id, never a credential).
 */
import type { CheckFailure, InvokeResult } from "@pulumi/pulumi/provider";
import { z } from "zod";
import { ListOptions, SwrClient } from "../../sdk/client/client";
import { debugFromEnv } from "../../sdk/client/http/debug";
import { InputIssue, SwrError, SwrInputError, SwrSelectionError } from "../../sdk/client/errors";
import { issuePath } from "../../sdk/client/issuePath";
import {
  environmentBeneath,
  isSettingName,
  layerSettings,
  SETTING_NAMES,
  SettingName,
  SettingValues,
} from "../../sdk/client/settings";
import { FunctionSpec } from "../schema/spec";

/** What a function handler gets besides its arguments. */
export interface InvokeContext {
  /** The provider's configuration (`Configure`): settings the invoke's own arguments override. */
  readonly configured: SettingValues<string>;
  /** The plugin's environment: the last source of settings (`HW_*`). */
  readonly env: NodeJS.ProcessEnv;
  /** Aborted when the engine cancels the plugin's operations. */
  readonly signal: AbortSignal;
}

/**
 * Serves one function token: validates the arguments (returning failures that name the argument),
 * calls the client core, and returns plain JSON outputs.
 */
export type InvokeHandler = (args: Record<string, unknown>, context: InvokeContext) => Promise<InvokeResult>;

/** One function of the plugin: its token, its schema entry, and how it serves an invoke. */
export interface ProviderFunction {
  readonly token: string;
  /** What the package schema shows of it; its inputs are the arguments the handler accepts and requires. */
  readonly spec: FunctionSpec;
  readonly invoke: InvokeHandler;
}

/** What one function does once its arguments are split from the settings. */
export interface FunctionDefinition<Q, R extends object> {
  /** The function's token. */
  readonly token: string;
  /** Its schema entry: what it does, the arguments it accepts and requires, and its result. */
  readonly spec: FunctionSpec;
  /**
   * Validates the function's own arguments (the settings and `packed` taken out): returns the
   * query, or throws a `ZodError` or a {@link SwrInputError}, whose issues become failures.
   */
  readonly parse: (args: Record<string, unknown>) => Q;
  /** Calls the client core. */
  readonly run: (client: SwrClient, query: Q, options: ListOptions) => Promise<R>;
  /** The packed form of the result; when given, the function accepts `packed: true` and returns it then. */
  readonly pack?: (result: R) => object;
}

const setting = z.string({ error: "must be a string" }).optional();

/** The settings an invoke may carry; all optional, the environment fills the rest. */
const settingsSchema = z.object(
  Object.fromEntries(SETTING_NAMES.map((name) => [name, setting])) as Record<SettingName, typeof setting>,
);

/** A property path as the engine shows it: `filter.orderType`. */
function propertyPath(path: readonly PropertyKey[]): string {
  return issuePath("", path);
}

/** One failure per broken rule, naming the argument; one per unknown key of an object argument. */
function failuresOf(error: z.ZodError): CheckFailure[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          property: propertyPath([...issue.path, key]),
          reason: `is not a key of ${propertyPath(issue.path)}`,
        }))
      : [{ property: propertyPath(issue.path), reason: issue.message }],
  );
}

const failuresFrom = (issues: readonly InputIssue[]): CheckFailure[] =>
  issues.map((issue) => ({ property: issue.field, reason: issue.rule }));

/** The failures of a validation that threw; anything but a validation error is rethrown. */
function failuresOfValidation(error: unknown): CheckFailure[] {
  if (error instanceof z.ZodError) return failuresOf(error);
  if (error instanceof SwrInputError) return failuresFrom(error.issues);
  throw error;
}

/**
 * A function of the plugin. Its handler checks the arguments against the function's schema entry
 * (unknown and missing arguments), validates the settings and the function's own arguments, and
 * reports every broken rule at once as failures naming the argument; builds a client from the
 * invoke's settings, then the provider's configuration, then the plugin's environment, by group;
 * runs the function; and turns errors into messages that keep the server's code and request id
 * (never a credential). An image selection that matched none or several images is an error naming
 * the candidates: the arguments were valid, the registry holds no single match.
 */
export function defineFunction<Q, R extends object>(definition: FunctionDefinition<Q, R>): ProviderFunction {
  return { token: definition.token, spec: definition.spec, invoke: invokeHandler(definition) };
}

function invokeHandler<Q, R extends object>(definition: FunctionDefinition<Q, R>): InvokeHandler {
  const { token, spec, parse, run, pack } = definition;
  const inputs = spec.inputs;
  return async (args, context) => {
    const packed = pack === undefined ? undefined : args.packed;
    if (packed !== undefined && typeof packed !== "boolean")
      return { failures: [{ property: "packed", reason: "must be a boolean" }] };

    const own: Record<string, unknown> = {};
    const given: Record<string, unknown> = {};
    const failures: CheckFailure[] = [];
    for (const [key, value] of Object.entries(args)) {
      if (key === "packed" && pack !== undefined) continue;
      if (isSettingName(key)) given[key] = value;
      else if (Object.hasOwn(inputs.properties, key)) own[key] = value;
      else failures.push({ property: key, reason: `is not an argument of ${token}` });
    }
    const missing = (inputs.required ?? []).filter((name) => args[name] === undefined);
    failures.push(...missing.map((property) => ({ property, reason: "is required" })));

    const settings = settingsSchema.safeParse(given);
    if (!settings.success) failures.push(...failuresOf(settings.error));
    let query: Q | undefined;
    try {
      query = parse(own);
    } catch (error) {
      // A missing argument is reported once, as missing, not again as the wrong type.
      failures.push(...failuresOfValidation(error).filter((f) => !missing.includes(f.property)));
    }
    if (failures.length > 0 || !settings.success || query === undefined) return { failures };

    // By group, as in the SDK: an invoke's `region` is not mixed with the provider's `endpoint`.
    const layered = layerSettings(settings.data, context.configured);
    let client: SwrClient;
    try {
      client = new SwrClient({
        ...layered,
        env: environmentBeneath(layered, context.env),
        // SWR_DEBUG=1 in the plugin's environment logs each request (secrets redacted) to stderr,
        // which the engine shows with --logtostderr or keeps in its logs.
        debug: debugFromEnv(context.env),
      });
    } catch (error) {
      return { failures: failuresOfValidation(error) };
    }
    try {
      const result = await run(client, query, { signal: context.signal });
      return { outputs: packed && pack ? pack(result) : result };
    } catch (error) {
      if (error instanceof SwrSelectionError)
        throw new Error(`${token} found no single image: ${error.rule}`, { cause: error });
      if (error instanceof SwrInputError) return { failures: failuresFrom(error.issues) };
      if (error instanceof SwrError)
        throw new Error(`${token} failed: ${error.message} [${error.code}]`, { cause: error });
      throw error;
    } finally {
      await client.close();
    }
  };
}
