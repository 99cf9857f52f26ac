import { TAG_ORDER_COLUMNS } from "../sdk/client/tagSchemas";
import { GET_IMAGE_TOKEN } from "../sdk/getImage";
import { GET_REPOSITORY_TAGS_TOKEN } from "../sdk/getRepositoryTags";
import {
  FunctionSpec,
  PropertySpec,
  ref,
  pageArguments,
  SETTING_ARGUMENTS,
  SETTINGS_NOTE,
  stringEnum,
  TypeSpec,
} from "./schemaSpec";

/** The fields of one tag, as `getRepositoryTags` lists them and `getImage` returns one. */
const IMAGE_TAG_PROPERTIES: Readonly<Record<string, PropertySpec>> = {
  namespace: { type: "string", description: "The organization (namespace) of the repository." },
  repository: { type: "string", description: "The repository name; may contain `/`." },
  tag: { type: "string", description: "The tag name, unique within the repository." },
  digest: { type: "string", description: "The manifest's digest, e.g. `sha256:` and 64 hex digits." },
  imageRef: {
    type: "string",
    description: "The pull reference pinned by digest, `{host}/{namespace}/{repository}@{digest}`.",
  },
  imageId: { type: "string", description: "The image id SWR reports." },
  size: { type: "number", description: "Image size in bytes (exact up to 2^53)." },
  path: {
    type: "string",
    description: "Public pull path with the tag, `{host}/{namespace}/{repository}:{tag}`.",
  },
  internalPath: { type: "string", description: "Pull path with the tag, from inside Huawei Cloud." },
  created: {
    type: "string",
    description: "When the tag was first pushed, UTC, as SWR formats it (with microseconds).",
  },
  updated: {
    type: "string",
    description: "When the tag was last pushed, UTC, as SWR formats it (with microseconds).",
  },
  manifestType: {
    type: "string",
    description: "`manifest` for a single image, `manifest-list` for a multi-platform index.",
  },
};

/** The repository a tag function reads; both arguments are required. */
const REPOSITORY_ARGUMENTS: Readonly<Record<"namespace" | "repository", PropertySpec>> = {
  namespace: { type: "string", description: "The organization (namespace) of the repository." },
  repository: {
    type: "string",
    description: "The repository name; it may contain `/` (sent to SWR as `$`, as SWR documents).",
  },
};

/** The types the tag functions add to the package. */
export const TAG_TYPES: Readonly<Record<string, TypeSpec>> = {
  "swr:index:TagOrderColumn": stringEnum(
    "A column to order a repository's tags by.",
    TAG_ORDER_COLUMNS,
    (value) => `Order by \`${value}\`.`,
  ),
  "swr:index:ImageTag": {
    type: "object",
    description:
      "One tag of a repository: the image it names and how to pull it by digest, in the fields `swr-repos tags --format json` prints.",
    properties: IMAGE_TAG_PROPERTIES,
    required: Object.keys(IMAGE_TAG_PROPERTIES),
  },
};

const GET_REPOSITORY_TAGS: FunctionSpec = {
  description: `Lists the tags of one Huawei Cloud SWR repository
(\`GET /v2/manage/namespaces/{namespace}/repos/{repository}/tags\`): every tag exactly once, or with
\`limit\`/\`offset\` one page, each with its digest and the \`path@digest\` reference that pins it. Results
are in the requested order with tag as the tie-break, else by tag. A repository that does not exist is an
error with SWR's code and request id.

${SETTINGS_NOTE}`,
  inputs: {
    description: "The repository, the query and, optionally, the settings.",
    properties: {
      ...REPOSITORY_ARGUMENTS,
      tag: {
        type: "string",
        description: "Only exactly this tag (exact even where the server matches fragments).",
      },
      orderColumn: {
        $ref: ref("TagOrderColumn"),
        description: "Column to order by; give `orderType` with it. Without an order: by tag.",
      },
      orderType: { $ref: ref("OrderType"), description: "`asc` or `desc`; give `orderColumn` with it." },
      ...pageArguments("tag"),
      ...SETTING_ARGUMENTS,
      packed: {
        type: "boolean",
        description:
          "Return the tags packed in `packed` instead of as `tags` and `imageRefs`: far faster to transfer " +
          "for repositories with many tags. The Node SDK sets it and unpacks the result.",
      },
    },
    required: ["namespace", "repository"],
  },
  outputs: {
    description: "The tags, their count, and the digest-pinned references.",
    properties: {
      tags: {
        type: "array",
        items: { $ref: ref("ImageTag") },
        description: "The tags, each exactly once, in the documented deterministic order.",
      },
      total: {
        type: "integer",
        description:
          "Without `limit`/`offset`, the number of tags listed; with them, the server's count of all matches.",
      },
      imageRefs: {
        type: "array",
        items: { type: "string" },
        description: "`path@digest` for each tag, in `tags` order.",
      },
      packed: {
        type: "array",
        items: { type: "string" },
        description:
          "When `packed` was asked for: JSON chunks of `{fields, rows}`, one row of values per tag in " +
          "`fields` order; `tags` and `imageRefs` are then absent.",
      },
    },
    required: ["total"],
  },
};

const GET_IMAGE: FunctionSpec = {
  description: `Picks one image of a Huawei Cloud SWR repository — by \`tag\`, by \`digest\`, or \`latest: true\` (the
most recently updated) — and returns it with \`imageRef\`, the \`path@digest\` reference that pins it. Give
exactly one selector. Several tags on one image are one image: the most recently updated of them is
returned. When no image or several images match (a digest prefix shared by two images, two images
updated at the same instant), the invoke fails naming the candidates.

${SETTINGS_NOTE}`,
  inputs: {
    description: "The repository, exactly one selector and, optionally, the settings.",
    properties: {
      ...REPOSITORY_ARGUMENTS,
      tag: { type: "string", description: "The image this tag names." },
      digest: {
        type: "string",
        description:
          "The image with this digest: in full (`sha256:` and 64 hex digits) or its first 12 or more hex digits, with or without `sha256:`.",
      },
      latest: {
        type: "boolean",
        description: "`true`: the most recently updated image (`false` is the same as leaving it out).",
      },
      ...SETTING_ARGUMENTS,
    },
    required: ["namespace", "repository"],
  },
  outputs: {
    description: "The chosen image, with `imageRef` pinned by digest.",
    properties: IMAGE_TAG_PROPERTIES,
    required: Object.keys(IMAGE_TAG_PROPERTIES),
  },
};

/** The tag functions, by token. */
export const TAG_FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  [GET_REPOSITORY_TAGS_TOKEN]: GET_REPOSITORY_TAGS,
  [GET_IMAGE_TOKEN]: GET_IMAGE,
};
