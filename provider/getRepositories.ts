import { CheckFailure, InvokeResult } from "@pulumi/pulumi/provider";
import { z } from "zod";
import { InputIssue, SwrError, SwrInputError } from "../sdk/client/errors";
import { repositoryQuerySchema } from "../sdk/client/query";
import { SwrClient } from "../sdk/client/client";
import { SETTING_NAMES, SettingName } from "../sdk/config";
import { GET_REPOSITORIES_TOKEN } from "../sdk/getRepositories";
import { packRepositoriesResult, toRepositoriesResult } from "../sdk/result";
import { fallbackEnvironment } from "./environment";
import { InvokeContext } from "./handler";

const setting = z.string({ error: "must be a string" }).optional();

/** The settings an invoke may carry; all optional, the environment fills the rest. */
const settingsSchema = z.object({
  region: setting,
  endpoint: setting,
  accessKey: setting,
  secretKey: setting,
  securityToken: setting,
  projectId: setting,
  authToken: setting,
} satisfies Record<SettingName, typeof setting>);

function isSettingName(key: string): key is SettingName {
  return (SETTING_NAMES as readonly string[]).includes(key);
}

/** A property path as the engine shows it: `filter.orderType`. */
function propertyPath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

/** One failure per broken rule, naming the argument; one per unknown key. */
function failuresOf(error: z.ZodError): CheckFailure[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          property: propertyPath([...issue.path, key]),
          reason:
            issue.path.length === 0
              ? `is not an argument of ${GET_REPOSITORIES_TOKEN}`
              : `is not a key of ${propertyPath(issue.path)}`,
        }))
      : [{ property: propertyPath(issue.path), reason: issue.message }],
  );
}

const failuresFrom = (issues: readonly InputIssue[]): CheckFailure[] =>
  issues.map((issue) => ({ property: issue.field, reason: issue.rule }));

/**
 * `swr:index:getRepositories`: validates the query and settings, lists through the client core
 * (settings the invoke lacks come from the plugin's environment), and returns
 * {@link toRepositoriesResult}. Broken rules come back as failures naming the argument; server errors
 * as errors keeping the server's code and request id (never a credential).
 */
export async function getRepositories(
  args: Record<string, unknown>,
  context: InvokeContext,
): Promise<InvokeResult> {
  const { packed, ...rest } = args;
  if (packed !== undefined && typeof packed !== "boolean")
    return { failures: [{ property: "packed", reason: "must be a boolean" }] };
  const query: Record<string, unknown> = {};
  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) (isSettingName(key) ? given : query)[key] = value;

  const parsedSettings = settingsSchema.safeParse(given);
  const parsedQuery = repositoryQuerySchema.safeParse(query);
  if (!parsedSettings.success || !parsedQuery.success)
    return {
      failures: [
        ...(parsedSettings.success ? [] : failuresOf(parsedSettings.error)),
        ...(parsedQuery.success ? [] : failuresOf(parsedQuery.error)),
      ],
    };

  let client: SwrClient;
  try {
    const settings = parsedSettings.data;
    client = new SwrClient({ ...settings, env: fallbackEnvironment(settings, context.env) });
  } catch (error) {
    if (error instanceof SwrInputError) return { failures: failuresFrom(error.issues) };
    throw error;
  }
  try {
    const listing = await client.listRepositories(parsedQuery.data, { signal: context.signal });
    const result = toRepositoriesResult(listing);
    return { outputs: packed ? packRepositoriesResult(result) : result };
  } catch (error) {
    if (error instanceof SwrInputError) return { failures: failuresFrom(error.issues) };
    if (error instanceof SwrError)
      throw new Error(`${GET_REPOSITORIES_TOKEN} failed: ${error.message} [${error.code}]`, { cause: error });
    throw error;
  } finally {
    await client.close();
  }
}
