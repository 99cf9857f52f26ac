import { SwrNetworkError, SwrResponseError } from "../errors";
import { isCutShortJson } from "../http/body";
import { parseArrayInPieces } from "../http/arrayInPieces";
import { jsonText } from "../http/jsonText";
import { parseContentRange } from "../http/contentRange";
import { issuePath } from "../issuePath";
import { PageParser } from "../listing/page";
import { EntityReader } from "../model/fields";

/**
 * The parser of a list's 200 bodies whose rows are one entity (`items` names them in messages),
 * read in `context`. The entity's one-pass reader reads each row; when it refuses one, the entity's
 * schema names the field and the rule in a {@link SwrResponseError}. `rowTotal` names the property
 * in which each row repeats the total, where the list documents one (`total_range`).
 */
export function pageParser<Row, Context>(
  reader: EntityReader<Row, Context>,
  items: string,
  context: Context,
  rowTotal?: string,
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
    const rowsSay = rowTotal === undefined ? undefined : totalOfRows(json as object[], rowTotal, requestId);
    const total = pageTotal(contentRange, rowsSay, requestId);
    return { rows: rows as Row[], total, requestId };
  };
}

/**
 * The total a page reports: `Content-Range`'s, else the rows' (both documented; a gateway may drop
 * the header). When both are there they must agree. A malformed header is refused, naming it.
 */
export function pageTotal(
  contentRange: string | undefined,
  rowTotal: number | undefined,
  requestId: string | undefined,
): number | undefined {
  const details = { requestId, statusCode: 200 };
  const range = parseContentRange(contentRange);
  if (typeof range === "string") throw new SwrResponseError("Content-Range", range, details);
  const headerTotal = range?.total;
  if (headerTotal !== undefined && rowTotal !== undefined && headerTotal !== rowTotal)
    throw new SwrResponseError(
      "Content-Range",
      `counts ${headerTotal} in all where the rows' total_range counts ${rowTotal}`,
      details,
    );
  return headerTotal ?? rowTotal;
}

/** The total every row of a page repeats in `field` (the reader has checked each is a count or absent); rows must agree. */
function totalOfRows(
  rows: readonly object[],
  field: string,
  requestId: string | undefined,
): number | undefined {
  let total: number | undefined;
  rows.forEach((row, i) => {
    const value = (row as Record<string, unknown>)[field];
    if (typeof value !== "number") return;
    if (total !== undefined && value !== total)
      throw new SwrResponseError(
        issueField([i, field]),
        `is ${value} where an earlier row of the page says ${total}`,
        {
          requestId,
          statusCode: 200,
        },
      );
    total = value;
  });
  return total;
}

/**
 * Parses a 200 body (its text, or its bytes: an array in pieces, see {@link parseArrayInPieces},
 * else whole, see {@link jsonText}) as JSON. A body cut short (JSON that ends before it closes,
 * whatever `Content-Length` said) is a retryable {@link SwrNetworkError}, like a reset; a body that
 * is not JSON at all becomes a {@link SwrResponseError} on `body`.
 */
export function parseJsonBody(body: string | Uint8Array, requestId: string | undefined): unknown {
  if (typeof body !== "string") {
    const elements = parseArrayInPieces(body);
    if (elements !== undefined) return elements;
    const text = jsonText(body);
    try {
      if (text !== undefined) return JSON.parse(text);
    } catch {
      // Said below, of the text as the server sent it.
    }
    return parseJsonBody(
      Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"),
      requestId,
    );
  }
  try {
    return JSON.parse(body);
  } catch (cause) {
    if (isCutShortJson(body))
      throw new SwrNetworkError(
        `the response body ended after ${body.length} characters, before its JSON did`,
        {
          requestId,
          cause,
          statusCode: 200,
        },
      );
    throw new SwrResponseError("body", "is not JSON", { requestId, cause, statusCode: 200 });
  }
}

/** The field a schema issue points at, as `[0].name` reads (`body` for the whole body). */
export function issueField(path: readonly PropertyKey[] | undefined): string {
  return issuePath("", path ?? []) || "body";
}
