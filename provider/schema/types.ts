/** The named types of the `swr` package, as its functions' arguments and results reference them. */
import { IMAGE_TAG_FIELDS } from "../../sdk/client/model/imageTag";
import { REPOSITORY_FIELDS } from "../../sdk/client/model/repository";
import { CATEGORIES, FILTER_ORDER_COLUMNS, ORDER_COLUMNS } from "../../sdk/client/query/repositoryQuery";
import { TAG_ORDER_COLUMNS } from "../../sdk/client/query/tagQuery";
import { entityType, ref, stringEnum, TypeSpec } from "./spec";

/** Every named type, by token. */
export const TYPES: Readonly<Record<string, TypeSpec>> = {
  "swr:index:Category": stringEnum("A repository category.", CATEGORIES, (value) => `Category \`${value}\`.`),
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
  "swr:index:Repository": entityType(
    "An SWR image repository, in the fields `swr-repos list --format json` prints.",
    REPOSITORY_FIELDS,
  ),
  "swr:index:TagOrderColumn": stringEnum(
    "A column to order a repository's tags by.",
    TAG_ORDER_COLUMNS,
    (value) => `Order by \`${value}\`.`,
  ),
  "swr:index:ImageTag": entityType(
    "One tag of a repository: the image it names and how to pull it by digest, in the fields `swr-repos tags --format json` prints.",
    IMAGE_TAG_FIELDS,
  ),
};
