import { InputIssue, SwrInputError } from "../../sdk/client/errors";
import { findImage, ImageSelector, imageRequestIssues } from "../../sdk/client/imageSelection";
import { IMAGE_TAG_FIELD_NAMES, IMAGE_TAG_FIELDS } from "../../sdk/client/model/imageTag";
import { GET_IMAGE_TOKEN } from "../../sdk/protocol/tokens";
import {
  fieldProperties,
  FunctionSpec,
  REPOSITORY_ARGUMENTS,
  SETTING_ARGUMENTS,
  SETTINGS_NOTE,
} from "../schema/spec";
import { defineFunction } from "./handler";

const SPEC: FunctionSpec = {
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
    properties: fieldProperties(IMAGE_TAG_FIELDS),
    required: [...IMAGE_TAG_FIELD_NAMES],
  },
};

const SELECTORS = ["tag", "digest", "latest"] as const;
const EXACTLY_ONE = "give exactly one of tag, digest or latest: true";

/** The rule that exactly one selector is given; `latest: false` selects nothing, as if left out. */
function selectorCountIssues(args: Record<string, unknown>): InputIssue[] {
  const given = SELECTORS.filter((name) => args[name] !== undefined && args[name] !== false);
  if (given.length === 0) return [{ field: "tag", rule: `is missing: ${EXACTLY_ONE}` }];
  return given.slice(1).map((field) => ({ field, rule: `cannot be given with ${given[0]}: ${EXACTLY_ONE}` }));
}

/**
 * `swr:index:getImage`: checks the repository and that exactly one selector is given, lists the
 * repository's tags through the client core and returns the image the selector picks, with
 * `imageRef` pinned by digest. None or several matching images is an error naming the candidates.
 */
export const getImage = defineFunction({
  token: GET_IMAGE_TOKEN,
  spec: SPEC,
  parse: ({ namespace, repository, ...selector }) => {
    const issues = [
      ...selectorCountIssues(selector),
      // The count rule above already says what `selector` as a whole lacks.
      ...imageRequestIssues(namespace, repository, selector as ImageSelector).filter(
        (issue) => issue.field !== "selector",
      ),
    ];
    if (issues.length > 0) throw new SwrInputError(issues);
    return {
      namespace: namespace as string,
      repository: repository as string,
      selector: selector as ImageSelector,
    };
  },
  run: async (client, { namespace, repository, selector }, options) => ({
    ...(await findImage(client, namespace, repository, selector, options)),
  }),
});
