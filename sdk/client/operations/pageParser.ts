import { SwrResponseError } from "../errors";
import { checkContentRange, issueField, PageParser, parseJsonBody } from "../listing/fetchPage";
import { EntityReader } from "../model/fields";

/**
 * The parser of a list's 200 bodies whose rows are one entity (`items` names them in messages),
 * read in `context`. The entity's one-pass reader reads each row; when it refuses one, the entity's
 * schema names the field and the rule in a {@link SwrResponseError}.
 */
export function pageParser<Row, Context>(
  reader: EntityReader<Row, Context>,
  items: string,
  context: Context,
): PageParser<Row> {
  return (body, contentRange, requestId) => {
    const details = { requestId, statusCode: 200 };
    const json = parseJsonBody(body, requestId);
    if (!Array.isArray(json)) throw new SwrResponseError("body", `is not a list of ${items}`, details);
    const rows = json.map((raw) => reader.read(raw, context));
    const at = rows.indexOf(undefined);
    if (at >= 0) {
      const issue = reader.wireSchema.safeParse(json[at]).error?.issues[0];
      throw new SwrResponseError(
        issueField([at, ...(issue?.path ?? [])]),
        issue?.message ?? "is not what SWR documents",
        details,
      );
    }
    const range = checkContentRange(contentRange, rows.length, requestId);
    return { rows: rows as Row[], range, requestId };
  };
}
