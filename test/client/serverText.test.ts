/**
 * Server text in the client's errors (codes, messages, request ids in the body and the header):
 * control characters escaped, all of it kept, long messages cut saying how much.
 */
import { escapeControls, SwrApiError, SwrClient, SwrClientOptions, SwrResponseError } from "../../sdk/client";
import { testClients } from "../support/fixtures";
import { answer, scriptedServers, TERMINAL_CONTROLS } from "../support/scriptedServer";

/** Rewrites the window title, clears the screen, forges a line of our own, reverses the rest, CSI in 8 bits. */
const HOSTILE = "\x1b]0;owned\x07\x1b[2J\r\nswr-repos: all good\u202eevil\x9b31m";
const newClient = testClients({ authToken: "token-not-echoed", retry: { maxAttempts: 2 } });
const clientFor = (url: string, options: SwrClientOptions = {}): SwrClient =>
  newClient({ endpoint: url, ...options });
const serve = scriptedServers();

describe("server text in errors", () => {
  test("control characters in the code, message and request id are escaped, and all three kept", async () => {
    const server = await serve((_req, res) =>
      answer(res, 400, { error_code: "SWR.\x1b[31m4001", error_msg: HOSTILE, request_id: "req-\x1b[8m-1" }),
    );
    const error = (await clientFor(server.url)
      .listRepositories()
      .catch((e: unknown) => e)) as SwrApiError;
    expect(error).toBeInstanceOf(SwrApiError);
    for (const text of [error.message, error.serverCode, error.serverMessage, error.requestId])
      expect(text).not.toMatch(TERMINAL_CONTROLS);
    expect(error.serverCode).toBe("SWR.\\x1b[31m4001");
    expect(error.requestId).toBe("req-\\x1b[8m-1");
    expect(error.serverMessage).toBe(escapeControls(HOSTILE));
    expect(error.message).toContain("\\x1b]0;owned\\x07\\x1b[2J\\r\\nswr-repos: all good\\u202eevil\\x9b31m");
    expect(error.message).toContain("(request id req-\\x1b[8m-1)");
  });

  test("a C1 control in the X-Request-Id header is escaped", async () => {
    const server = await serve((_req, res) =>
      answer(
        res,
        400,
        { error_code: "SVCSTG.SWR.4001025", error_msg: "bad" },
        { "X-Request-Id": "req\x9b2J" },
      ),
    );
    const error = (await clientFor(server.url)
      .listRepositories()
      .catch((e: unknown) => e)) as SwrApiError;
    expect(error.requestId).toBe("req\\x9b2J");
    expect(error.message).not.toMatch(TERMINAL_CONTROLS);
  });

  test("a long server message is cut to 300 characters, saying how much was cut", async () => {
    const server = await serve((_req, res) =>
      answer(res, 400, { error_code: "SVCSTG.SWR.4001025", error_msg: "x".repeat(10_000) }),
    );
    const error = (await clientFor(server.url)
      .listRepositories()
      .catch((e: unknown) => e)) as SwrApiError;
    expect(error.serverMessage).toBe("x".repeat(300) + "…(9700 more characters)");
    expect(error.message.length).toBeLessThan(450);
  });

  test("a body that is not JSON (an HTML error page) becomes one escaped line", async () => {
    const server = await serve((_req, res) => answer(res, 400, "<html>\r\n<b>\x1b[5mBad</b>\r\n</html>\r\n"));
    const error = (await clientFor(server.url)
      .listRepositories()
      .catch((e: unknown) => e)) as SwrApiError;
    expect(error.serverMessage).toBe("<html>\\r\\n<b>\\x1b[5mBad</b>\\r\\n</html>");
  });

  test("a 200 with a malformed Content-Range quoting control characters is escaped", async () => {
    const server = await serve((_req, res) => answer(res, 200, [], { "Content-Range": "0-0/\x9b2J" }));
    const error = await clientFor(server.url)
      .listRepositories()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwrResponseError);
    expect((error as Error).message).not.toMatch(TERMINAL_CONTROLS);
  });
});
