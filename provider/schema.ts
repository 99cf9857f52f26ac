import { CATEGORIES, FILTER_ORDER_COLUMNS, ORDER_COLUMNS } from "../sdk/client/query";
import { GET_REPOSITORIES_TOKEN } from "../sdk/getRepositories";
import {
  FunctionSpec,
  PackageSpec,
  PropertySpec,
  ref,
  pageArguments,
  SETTING_ARGUMENTS,
  SETTINGS_NOTE,
  settingProperties,
  stringEnum,
} from "./schemaSpec";
import { TAG_FUNCTIONS, TAG_TYPES } from "./tagSchema";

const REPOSITORY_PROPERTIES: Readonly<Record<string, PropertySpec>> = {
  name: { type: "string", description: "Repository name, unique within its organization; may contain `/`." },
  namespace: { type: "string", description: "The organization (namespace) that holds the repository." },
  category: { type: "string", description: "Category, e.g. `app_server` or `linux`." },
  description: { type: "string", description: "Free-text description." },
  size: { type: "number", description: "Total size of the repository's images in bytes (exact up to 2^53)." },
  isPublic: { type: "boolean", description: "Whether anyone may pull the repository." },
  numImages: { type: "integer", description: "Number of images (tags)." },
  numDownload: { type: "number", description: "Number of downloads." },
  createdAt: { type: "string", description: "Creation time, UTC, as SWR formats it (with microseconds)." },
  updatedAt: { type: "string", description: "Last update time, UTC, as SWR formats it (with microseconds)." },
  logo: { type: "string", description: "Logo URL." },
  url: { type: "string", description: "Repository URL." },
  path: {
    type: "string",
    description: "Public pull path, `swr.{region}.myhuaweicloud.com/{namespace}/{name}`.",
  },
  internalPath: { type: "string", description: "Pull path inside Huawei Cloud." },
  domainName: { type: "string", description: "The tenant (account) name." },
  tags: { type: "array", items: { type: "string" }, description: "Tag names, sorted." },
  status: { type: "boolean", description: "Repository status flag as SWR reports it." },
};

const GET_REPOSITORIES_DESCRIPTION = `Lists Huawei Cloud SWR image repositories (\`GET /v2/manage/repos\`): the complete set, every
repository exactly once, or with \`limit\`/\`offset\` one page. Results are in the requested order with
(namespace, name) as the tie-break, else by (namespace, name); tags are sorted.

${SETTINGS_NOTE}`;

const GET_REPOSITORIES: FunctionSpec = {
  description: GET_REPOSITORIES_DESCRIPTION,
  inputs: {
    description: "The query (every parameter of the repository list) and, optionally, the settings.",
    properties: {
      namespace: {
        type: "string",
        description: "Only repositories of this organization (exact name).",
      },
      name: {
        type: "string",
        description:
          "Only the repository with exactly this name (exact even where the server matches fuzzily).",
      },
      category: { $ref: ref("Category"), description: "Only repositories of this category." },
      filter: { $ref: ref("RepositoryFilter"), description: "Fuzzy matches and an order." },
      orderColumn: {
        $ref: ref("OrderColumn"),
        description: "Column to order by; give `orderType` with it. Without an order: (namespace, name).",
      },
      orderType: {
        $ref: ref("OrderType"),
        description: "`asc` or `desc`; give `orderColumn` with it.",
      },
      ...pageArguments("repository"),
      ...SETTING_ARGUMENTS,
      packed: {
        type: "boolean",
        description:
          "Return the repositories packed in `packed` instead of as `repositories`, `paths` and `imageRefs`: " +
          "far faster to transfer for large registries. The Node SDK sets it and unpacks the result.",
      },
    },
  },
  outputs: {
    description: "The repositories, their count, and the lists a stack wants without mapping.",
    properties: {
      repositories: {
        type: "array",
        items: { $ref: ref("Repository") },
        description: "The repositories, each exactly once, in the documented deterministic order.",
      },
      total: {
        type: "integer",
        description:
          "Without `limit`/`offset`, the number of repositories listed; with them, the server's count of all matches.",
      },
      paths: {
        type: "array",
        items: { type: "string" },
        description: "The pull path of each repository, in `repositories` order.",
      },
      imageRefs: {
        type: "array",
        items: { type: "string" },
        description: "`path:tag` for every tag of every repository, in `repositories` order.",
      },
      packed: {
        type: "array",
        items: { type: "string" },
        description:
          "When `packed` was asked for: JSON chunks of `{fields, rows}`, one row of values per repository " +
          "in `fields` order; `repositories`, `paths` and `imageRefs` are then absent.",
      },
    },
    required: ["total"],
  },
};

/** The functions the plugin serves, by token: what the schema shows and what the handlers accept. */
export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  [GET_REPOSITORIES_TOKEN]: GET_REPOSITORIES,
  ...TAG_FUNCTIONS,
};

/** The package schema the plugin serves: the functions, their types, and the `swr:*` config. */
export function packageSchema(version: string): PackageSpec {
  return {
    name: "swr",
    displayName: "Huawei Cloud SWR",
    version,
    description: "The complete, exact, typed list of Huawei Cloud SWR image repositories.",
    keywords: ["pulumi", "huaweicloud", "swr", "container registry", "category/cloud", "kind/native"],
    license: "Apache-2.0",
    publisher: "pulumi-swr",
    config: { variables: settingProperties(" Stack config `swr:<name>`: the default provider's setting.") },
    provider: {
      description:
        "The `swr` provider: where and how to reach SWR. The default provider takes its settings from the stack's " +
        "`swr:*` config; an explicit one (to list two regions or accounts in one stack) from its inputs. A function's " +
        "own settings arguments come first, the plugin's environment (`HW_*`) last.",
      inputProperties: settingProperties(" Overridden by a function's own settings arguments."),
    },
    types: {
      "swr:index:Category": stringEnum(
        "A repository category.",
        CATEGORIES,
        (value) => `Category \`${value}\`.`,
      ),
      "swr:index:OrderColumn": stringEnum(
        "A column to order the list by (`updated_time` is the older spelling of `updated_at`).",
        ORDER_COLUMNS,
        (value) => `Order by \`${value}\`.`,
      ),
      "swr:index:FilterOrderColumn": stringEnum(
        "A column to order by inside `filter`.",
        FILTER_ORDER_COLUMNS,
        (value) => `Order by \`${value}\`.`,
      ),
      "swr:index:OrderType": {
        type: "string",
        description: "Ascending or descending.",
        enum: [
          { name: "Asc", value: "asc", description: "Ascending." },
          { name: "Desc", value: "desc", description: "Descending." },
        ],
      },
      "swr:index:RepositoryFilter": {
        type: "object",
        description:
          "The structured `filter` parameter, sent as `key::value|key::value`. At least one key; where it carries a key, the plain argument of the same meaning is ignored.",
        properties: {
          namespace: { type: "string", description: "Organization names containing this text." },
          name: { type: "string", description: "Repository names containing this text." },
          category: { $ref: ref("Category"), description: "Only this category." },
          orderColumn: {
            $ref: ref("FilterOrderColumn"),
            description: "Column to order by; give `orderType` with it.",
          },
          orderType: { $ref: ref("OrderType"), description: "`asc` or `desc`; give `orderColumn` with it." },
        },
      },
      "swr:index:Repository": {
        type: "object",
        description: "An SWR image repository, in the fields `swr-repos list --format json` prints.",
        properties: REPOSITORY_PROPERTIES,
        required: Object.keys(REPOSITORY_PROPERTIES),
      },
      ...TAG_TYPES,
    },
    functions: FUNCTIONS,
    language: {
      nodejs: {
        packageName: "pulumi-swr",
        packageDescription:
          "The complete, exact, typed list of Huawei Cloud SWR image repositories for Pulumi",
        dependencies: { "@pulumi/pulumi": "^3.0.0" },
        respectSchemaVersion: true,
      },
    },
  };
}
