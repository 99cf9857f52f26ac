import { CATEGORIES, FILTER_ORDER_COLUMNS, MAX_PAGE_SIZE, ORDER_COLUMNS } from "../sdk/client/query";
import { SECRET_SETTING_NAMES, SettingName } from "../sdk/config";
import { GET_REPOSITORIES_TOKEN } from "../sdk/getRepositories";

/** A type reference in a Pulumi package schema: a primitive, an array, or a `$ref` to a named type. */
interface TypeRef {
  readonly type?: "string" | "integer" | "number" | "boolean" | "array";
  readonly $ref?: string;
  readonly items?: TypeRef;
}

/** A documented property. */
interface PropertySpec extends TypeRef {
  readonly description: string;
  readonly secret?: boolean;
}

/** An object type: named properties, some required. */
interface ObjectSpec {
  readonly description?: string;
  readonly properties: Readonly<Record<string, PropertySpec>>;
  readonly required?: readonly string[];
}

/** A complex type: an object, or a string enum. */
type TypeSpec =
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
  readonly provider: { readonly description: string };
  readonly types: Readonly<Record<string, TypeSpec>>;
  readonly functions: Readonly<
    Record<
      string,
      { readonly description: string; readonly inputs: ObjectSpec; readonly outputs: ObjectSpec }
    >
  >;
  readonly language: Readonly<Record<string, unknown>>;
}

const ref = (type: string): string => `#/types/swr:index:${type}`;

/** `app_server` → `AppServer`: the names generated SDKs give enum members. */
const pascal = (value: string): string =>
  value.replace(/(^|_)([a-z])/g, (_match: string, _sep: string, letter: string) => letter.toUpperCase());

const SETTINGS: Readonly<Record<SettingName, string>> = {
  region:
    "Huawei Cloud region, e.g. `ap-southeast-1`; gives the endpoint `https://swr-api.{region}.myhuaweicloud.com` " +
    "(`.myhuaweicloud.eu` for `eu-west-101`). Env `HW_REGION_NAME`.",
  endpoint: "Full SWR API endpoint URL, overriding the region's. Env `HW_SWR_ENDPOINT`.",
  accessKey: "Access key (AK) for AK/SK signing. Env `HW_ACCESS_KEY` or `HUAWEICLOUD_SDK_AK`.",
  secretKey: "Secret key (SK) for AK/SK signing. Env `HW_SECRET_KEY` or `HUAWEICLOUD_SDK_SK`.",
  securityToken:
    "Security token of temporary AK/SK credentials. Env `HW_SECURITY_TOKEN` or `HUAWEICLOUD_SDK_SECURITY_TOKEN`.",
  projectId: "Project id, sent as `X-Project-Id`. Env `HW_PROJECT_ID` or `HUAWEICLOUD_SDK_PROJECT_ID`.",
  authToken: "IAM token, sent as `X-Auth-Token` instead of AK/SK signing. Env `HW_AUTH_TOKEN`.",
};

function settingProperties(suffix: string): Record<SettingName, PropertySpec> {
  return Object.fromEntries(
    Object.entries(SETTINGS).map(([name, description]) => [
      name,
      {
        type: "string",
        description: description + suffix,
        ...(SECRET_SETTING_NAMES.includes(name as SettingName) ? { secret: true } : {}),
      },
    ]),
  ) as Record<SettingName, PropertySpec>;
}

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

const FUNCTION_DESCRIPTION = `Lists Huawei Cloud SWR image repositories (\`GET /v2/manage/repos\`): the complete set, every
repository exactly once, or with \`limit\`/\`offset\` one page. Results are in the requested order with
(namespace, name) as the tie-break, else by (namespace, name); tags are sorted.

Settings come from the arguments, then (in the \`pulumi-swr\` SDK) the stack's \`swr:*\` config, then the
plugin's environment (\`HW_*\`). Location (\`region\`/\`endpoint\`) and credentials (\`accessKey\`/\`secretKey\`/
\`securityToken\`/\`authToken\`) each come from one source as a group.`;

/** The package schema the plugin serves: the `swr:index:getRepositories` function, its types, and the `swr:*` config. */
export function packageSchema(version: string): PackageSpec {
  return {
    name: "swr",
    displayName: "Huawei Cloud SWR",
    version,
    description: "The complete, exact, typed list of Huawei Cloud SWR image repositories.",
    keywords: ["pulumi", "huaweicloud", "swr", "container registry", "category/cloud", "kind/native"],
    license: "Apache-2.0",
    publisher: "pulumi-swr",
    config: { variables: settingProperties(" Read by the `pulumi-swr` SDK and sent with each invoke.") },
    provider: {
      description:
        "The `swr` provider. Settings reach it with each invoke (from arguments or `swr:*` config), else from its environment.",
    },
    types: {
      "swr:index:Category": {
        type: "string",
        description: "A repository category.",
        enum: CATEGORIES.map((value) => ({
          name: pascal(value),
          value,
          description: `Category \`${value}\`.`,
        })),
      },
      "swr:index:OrderColumn": {
        type: "string",
        description: "A column to order the list by (`updated_time` is the older spelling of `updated_at`).",
        enum: ORDER_COLUMNS.map((value) => ({
          name: pascal(value),
          value,
          description: `Order by \`${value}\`.`,
        })),
      },
      "swr:index:FilterOrderColumn": {
        type: "string",
        description: "A column to order by inside `filter`.",
        enum: FILTER_ORDER_COLUMNS.map((value) => ({
          name: pascal(value),
          value,
          description: `Order by \`${value}\`.`,
        })),
      },
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
    },
    functions: {
      [GET_REPOSITORIES_TOKEN]: {
        description: FUNCTION_DESCRIPTION,
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
              description:
                "Column to order by; give `orderType` with it. Without an order: (namespace, name).",
            },
            orderType: {
              $ref: ref("OrderType"),
              description: "`asc` or `desc`; give `orderColumn` with it.",
            },
            limit: {
              type: "integer",
              description: `Page size (1-${MAX_PAGE_SIZE}) for one page; give \`offset\` with it. Without both, every repository is listed.`,
            },
            offset: {
              type: "integer",
              description: "Start of the page: 0 or a multiple of `limit`; give `limit` with it.",
            },
            ...settingProperties(" Overrides `swr:*` config for its group."),
            packed: {
              type: "boolean",
              description:
                "Return `repositories`, `paths` and `imageRefs` as one JSON string in `packed` instead of as lists: " +
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
              type: "string",
              description:
                "When `packed` was asked for: JSON of `{repositories, paths, imageRefs}`, which are then absent.",
            },
          },
          required: ["total"],
        },
      },
    },
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
