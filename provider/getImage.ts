import { InputIssue, SwrInputError } from "../sdk/client/errors";
import { ImageSelector } from "../sdk/client/tags";
import { GET_IMAGE_TOKEN } from "../sdk/getImage";
import { findImage, imageRequestIssues } from "../sdk/result";
import { functionHandler } from "./handler";

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
export const getImage = functionHandler({
  token: GET_IMAGE_TOKEN,
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
