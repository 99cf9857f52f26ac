/**
 * The shapes of a Pulumi package schema and the pieces every `swr` function's entry shares: type
 * references, enums, properties derived from the field tables, and the settings each function
 * accepts, derived from the settings table.
 */
import { FieldTable } from "../../sdk/client/model/fields";
import {
  QUERY_ARGUMENT_NAMES,
  QueryArgumentName,
  REPOSITORY_QUERY_ARGUMENTS,
} from "../../sdk/client/query/repositoryArguments";
import { MAX_PAGE_SIZE } from "../../sdk/client/query/pageSize";
import { describeSetting, SETTING_NAMES, SettingName, SETTINGS } from "../../sdk/client/settings";

/** A type reference in a Pulumi package schema: a primitive, an array, or a `$ref` to a named type. */
export interface TypeRef {
  readonly type?: "string" | "integer" | "number" | "boolean" | "array";
  readonly $ref?: string;
  readonly items?: TypeRef;
}

/** A documented property. */
export interface PropertySpec extends TypeRef {
  readonly description: string;
  readonly secret?: boolean;
}

/** An object type: named properties, some required. */
export interface ObjectSpec {
  readonly description?: string;
  readonly properties: Readonly<Record<string, PropertySpec>>;
  readonly required?: readonly string[];
}

/** A complex type: an object, or a string enum. */
export type TypeSpec =
  | (ObjectSpec & { readonly type: "object"; readonly description: string })
  | {
      readonly type: "string";
      readonly description: string;
      readonly enum: ReadonlyArray<{
        readonly name: string;
        readonly value: string;
        readonly description: string;
      }>;
    };

/** A function: what it does, its arguments and its result. */
export interface FunctionSpec {
  readonly description: string;
  readonly inputs: ObjectSpec;
  readonly outputs: ObjectSpec;
}

/** The Pulumi package schema, as `GetSchema` returns it (the fields this package fills). */
export interface PackageSpec {
  readonly name: string;
  readonly displayName: string;
  readonly version: string;
  readonly description: string;
  readonly keywords: readonly string[];
  readonly license: string;
  readonly publisher: string;
  readonly config: { readonly variables: Readonly<Record<string, PropertySpec>> };
  readonly provider: {
    readonly description: string;
    readonly inputProperties: Readonly<Record<string, PropertySpec>>;
  };
  readonly types: Readonly<Record<string, TypeSpec>>;
  readonly functions: Readonly<Record<string, FunctionSpec>>;
  readonly language: Readonly<Record<string, unknown>>;
}

/** A reference to one of this package's types, e.g. `ref("Repository")`. */
export const ref = (type: string): string => `#/types/swr:index:${type}`;

/** `app_server` → `AppServer`: the names generated SDKs give enum members. */
export const pascal = (value: string): string =>
  value.replace(/(^|_)([a-z])/g, (_match: string, _sep: string, letter: string) => letter.toUpperCase());

/** The settings as schema properties, each description ending in `suffix`; credentials are secret. */
export function settingProperties(suffix: string): Record<SettingName, PropertySpec> {
  return Object.fromEntries(
    SETTING_NAMES.map((name) => [
      name,
      {
        type: "string",
        description: describeSetting(name) + suffix,
        ...(SETTINGS[name].secret ? { secret: true } : {}),
      },
    ]),
  ) as Record<SettingName, PropertySpec>;
}

/** An entity's fields as schema properties, with the descriptions its field table gives them. */
export function fieldProperties(table: FieldTable<never>): Record<string, PropertySpec> {
  return Object.fromEntries(
    Object.entries(table).map(([name, field]) => [
      name,
      field.schemaType === "string-list"
        ? { type: "array", items: { type: "string" }, description: field.description }
        : { type: field.schemaType, description: field.description },
    ]),
  );
}

/** An object type of an entity: every field, all required. */
export function entityType(description: string, table: FieldTable<never>): TypeSpec {
  const properties = fieldProperties(table);
  return { type: "object", description, properties, required: Object.keys(properties) };
}

/** A string enum whose members are named after their values (`updated_at` → `UpdatedAt`). */
export function stringEnum(
  description: string,
  values: readonly string[],
  describe: (value: string) => string,
): TypeSpec {
  return {
    type: "string",
    description,
    enum: values.map((value) => ({ name: pascal(value), value, description: describe(value) })),
  };
}

/** `limit` and `offset`, which list one page of `items` instead of all of them. */
export function pageArguments(items: string): Record<"limit" | "offset", PropertySpec> {
  return {
    limit: {
      type: "integer",
      description: `Page size (1-${MAX_PAGE_SIZE}) for one page; give \`offset\` with it. Without both, every ${items} is listed.`,
    },
    offset: {
      type: "integer",
      description: "Start of the page: 0 or a multiple of `limit`; give `limit` with it.",
    },
  };
}

/** The repository query's arguments as schema properties, from the table of query arguments. */
export function queryArgumentProperties(): Record<QueryArgumentName, PropertySpec> {
  return Object.fromEntries(
    QUERY_ARGUMENT_NAMES.map((name) => {
      const { schemaType, description } = REPOSITORY_QUERY_ARGUMENTS[name];
      const type = typeof schemaType === "string" ? { type: schemaType } : { $ref: ref(schemaType.ref) };
      return [name, { ...type, description }];
    }),
  ) as Record<QueryArgumentName, PropertySpec>;
}

/** The repository a tag function reads; both arguments are required. */
export const REPOSITORY_ARGUMENTS: Readonly<Record<"namespace" | "repository", PropertySpec>> = {
  namespace: { type: "string", description: "The organization (namespace) of the repository." },
  repository: {
    type: "string",
    description: "The repository name; it may contain `/` (sent to SWR as `$`, as SWR documents).",
  },
};

/** The `packed` argument of a list function, which asks for {@link packedOutput} instead of `lists`. */
export function packedArgument(items: string, lists: string, whenLarge: string): PropertySpec {
  return {
    type: "boolean",
    description:
      `Return the ${items} packed in \`packed\` instead of as ${lists}: far faster to transfer for ${whenLarge}. ` +
      "The Node SDK sets it and unpacks the result.",
  };
}

/**
 * The `packed` output of a list function: the rows as a column table in chunks (see
 * `sdk/protocol/packedTable.ts`), in place of `lists`.
 */
export function packedOutput(lists: string): PropertySpec {
  return {
    type: "array",
    items: { type: "string" },
    description:
      "When `packed` was asked for: a table of columns, one per field, in chunks; the first names the form " +
      `(\`swr-columns/2\`) and how many chunks each part has. ${lists} are then absent.`,
  };
}

/** The `total` output of a list function. */
export function totalOutput(items: string): PropertySpec {
  return {
    type: "integer",
    description: `Without \`limit\`/\`offset\`, the number of ${items} listed; with them, the server's count of all matches.`,
  };
}

/** How every function's description ends: where settings come from. */
export const SETTINGS_NOTE = `Settings come from the arguments, then the provider's configuration (the stack's \`swr:*\` config, or
an explicit provider's inputs), then the plugin's environment (\`HW_*\`). Location (\`region\`/\`endpoint\`) and credentials (\`accessKey\`/\`secretKey\`/
\`securityToken\`/\`authToken\`) each come from one source as a group.`;

/** The settings as arguments of a function: each overrides the provider's configuration for its group. */
export const SETTING_ARGUMENTS = settingProperties(" Overrides the provider's configuration for its group.");
