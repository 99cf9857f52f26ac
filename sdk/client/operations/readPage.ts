import { SwrResponseError } from "../errors";
import { checkContentRange, FetchedPage, issueField, parseJsonBody } from "../listing/fetchPage";
import { EntityReader } from "../model/fields";

/**
 * Reads a 200 body of a list into rows of one entity, and its `Content-Range`. The entity's
 * one-pass reader reads each row; when it refuses one, the entity's schema names the field and the
 * rule in a {@link SwrResponseError}.
 */
export function readPage<Row, Context>(
  reader: EntityReader<Row, Context>,
  items: string,
  page: { readonly body: string; readonly contentRange?: string; readonly requestId?: string },
  context: Context,
): FetchedPage<Row> {
  const { body, contentRange, requestId } = page;
  const json = parseJsonBody(body, requestId);
  const rows = Array.isArray(json) ? json.map((raw) => reader.read(raw, context)) : undefined;
  if (rows === undefined || rows.includes(undefined)) {
    const at = rows === undefined ? -1 : rows.indexOf(undefined);
    const issue = at < 0 ? undefined : reader.wireSchema.safeParse((json as unknown[])[at]).error?.issues[0];
    throw new SwrResponseError(
      issue ? issueField([at, ...issue.path]) : at < 0 ? "body" : `[${at}]`,
      issue?.message ?? (at < 0 ? `is not a list of ${items}` : "is not what SWR documents"),
      { requestId, statusCode: 200 },
    );
  }
  const range = checkContentRange(contentRange, rows.length, requestId);
  return { rows: rows as Row[], range, requestId };
}
