/**
 * Secrets a server echoes back (the token, the secret key, the security token, in messages, request ids
 * and bodies) are `[redacted]` in every public method's errors, their stacks and causes, and the
 * plugin's failure.
 */
import { inspect } from "node:util";
import { SwrApiError, SwrClient, SwrClientOptions, SwrResponseError } from "../../sdk/client";
import { startPlugin } from "../support/grpcPlugin";
import { PLUGIN_ENTRY, testClients } from "../support/fixtures";
import { answer, scriptedServers } from "../support/scriptedServer";

const newClient = testClients({ authToken: "token-not-echoed", retry: { maxAttempts: 2 } });
const clientFor = (url: string, options: SwrClientOptions = {}): SwrClient =>
  newClient({ endpoint: url, ...options });
const serve = scriptedServers();

describe("secrets echoed by the server", () => {
  const TOKEN =
    "iam-token-MIIZ9gYJKoZIhvcNAQcCoIIZ5zCCGeMCAQExDTALBglghkgBZQMEAgEwghgIBgkqhkiG9w0BBwGgghf5BIIX9X";
  const SECRET_KEY = "sk-0123456789abcdefghijABCDEFGHIJ0123456789";
  const SECURITY_TOKEN = "stok-gQpjbi1ub3J0aC00hPZkWtgTxRZUNEVZBUuTBYkLZCFTiXNYSnAvNKKm";

  /**
   * A server that quotes the request's credentials back in its error (message and body request id;
   * from 401 also in the X-Request-Id header), plus `known`, a configured secret it cannot see.
   */
  function echoing(status: number, known = "") {
    return serve((req, res) => {
      const sent = String(req.headers["x-auth-token"] ?? req.headers["x-security-token"]);
      const echoed = `${sent} ${known}`;
      answer(
        res,
        status,
        {
          error_code: "APIG.0301",
          error_msg: `Incorrect IAM authentication information: ${echoed}`,
          request_id: echoed,
        },
        status === 400 ? {} : { "X-Request-Id": sent },
      );
    });
  }

  /** Not the secret, nor its first ten characters (what `JSON.parse` quotes of a body). */
  function expectNoSecret(text: string) {
    for (const secret of [TOKEN, SECRET_KEY, SECURITY_TOKEN]) expect(text).not.toContain(secret.slice(0, 10));
  }

  test.each([
    ["an IAM token", { authToken: TOKEN }],
    [
      "a secret key and security token",
      { accessKey: "AKAKAKAKAKAKAKAKAKAK", secretKey: SECRET_KEY, securityToken: SECURITY_TOKEN },
    ],
  ])("%s is [redacted] in the error's message, fields, stack and inspection", async (_kind, credentials) => {
    for (const status of [400, 401]) {
      const server = await echoing(status, "secretKey" in credentials ? credentials.secretKey : "");
      const lines: string[] = [];
      const client = clientFor(server.url, {
        authToken: undefined,
        ...credentials,
        debug: (l) => lines.push(l),
      });
      const error = (await client.listRepositories().catch((e: unknown) => e)) as SwrApiError;
      expect(error).toBeInstanceOf(SwrApiError);
      expect(error.serverCode).toBe("APIG.0301");
      expect(error.message).toContain("[redacted]");
      expect(error.requestId).toContain("[redacted]");
      for (const text of [error.message, error.serverMessage ?? "", error.requestId ?? "", error.stack ?? ""])
        expectNoSecret(text);
      expectNoSecret(inspect(error, { depth: 5 }));
      if (status === 401) expect(lines.join("\n")).toContain("request id [redacted]");
      expectNoSecret(lines.join("\n"));
    }
  });

  test("a secret at the 300-character cut is removed whole, not cut in two and half shown", async () => {
    const server = await serve((req, res) =>
      answer(res, 400, {
        error_code: "APIG.0301",
        error_msg: "a".repeat(290) + String(req.headers["x-auth-token"]),
      }),
    );
    const error = (await clientFor(server.url, { authToken: TOKEN })
      .listRepositories()
      .catch((e: unknown) => e)) as SwrApiError;
    expect(error.serverMessage).toBe("a".repeat(290) + "[redacted]");
    expectNoSecret(error.message);
  });

  test("a 200 body that is not JSON and quotes the token leaves no trace of it, its cause included", async () => {
    const server = await serve((req, res) => answer(res, 200, String(req.headers["x-auth-token"])));
    const error = await clientFor(server.url, { authToken: TOKEN })
      .listRepositories()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwrResponseError);
    expectNoSecret(inspect(error, { depth: 5 }));
  });

  /**
   * Every public method of the client, with the arguments that make it send a request: a method
   * added to the client and not here fails the test below, so none escapes the check.
   */
  const CALLS: Record<string, Array<(client: SwrClient) => unknown>> = {
    listRepositories: [(c) => c.listRepositories(), (c) => c.listRepositories({ limit: 10, offset: 0 })],
    listRepositoryPages: [(c) => c.listRepositoryPages()],
    listRepositoryTags: [
      (c) => c.listRepositoryTags("team-a", "web"),
      (c) => c.listRepositoryTags("team-a", "web", { limit: 10, offset: 0 }),
    ],
    listRepositoryTagPages: [(c) => c.listRepositoryTagPages("team-a", "web")],
    close: [(c) => c.close()],
  };

  /** What a call throws, whether it returns a promise or a stream. */
  async function thrownBy(result: unknown): Promise<unknown> {
    try {
      if (result !== null && typeof result === "object" && Symbol.asyncIterator in result)
        for await (const _page of result as AsyncIterable<unknown>) void _page;
      else await result;
    } catch (error) {
      return error;
    }
    return undefined;
  }

  test("every public method redacts what the server echoes, through the one path the client runs calls", async () => {
    const methods = Object.getOwnPropertyNames(SwrClient.prototype).filter(
      (name) =>
        name !== "constructor" &&
        typeof Object.getOwnPropertyDescriptor(SwrClient.prototype, name)?.value === "function",
    );
    expect(methods.sort()).toEqual(Object.keys(CALLS).sort());
    const server = await echoing(400);
    for (const [method, calls] of Object.entries(CALLS)) {
      if (method === "close") continue;
      for (const call of calls) {
        const error = await thrownBy(call(clientFor(server.url, { authToken: TOKEN })));
        expect(error).toBeInstanceOf(SwrApiError);
        expect((error as SwrApiError).message).toContain("[redacted]");
        expectNoSecret(inspect(error, { depth: 5 }));
      }
    }
    // Closing sends nothing and throws nothing (a client of its own: the others close after the test).
    const closing = new SwrClient({ endpoint: server.url, authToken: TOKEN, env: {} });
    expect(await thrownBy(CALLS.close[0](closing))).toBeUndefined();
  });

  test("streamed pages and tag listings redact too", async () => {
    const server = await echoing(400);
    const client = clientFor(server.url, { authToken: TOKEN });
    const streamed = await (async () => {
      for await (const _page of client.listRepositoryPages()) void _page;
    })().catch((e: unknown) => e);
    const tags = await client.listRepositoryTags("team-a", "web").catch((e: unknown) => e);
    for (const error of [streamed, tags]) {
      expect(error).toBeInstanceOf(SwrApiError);
      expectNoSecret(inspect(error, { depth: 5 }));
    }
  });

  test("from the plugin, the Pulumi failure keeps the code and drops the echoed token", async () => {
    const server = await echoing(401);
    const plugin = await startPlugin(process.execPath, [PLUGIN_ENTRY], {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      SWR_DEBUG: "1",
    });
    try {
      const error = await plugin
        .invoke("swr:index:getRepositories", { endpoint: server.url, authToken: TOKEN })
        .then(
          () => undefined,
          (e: { details: string }) => e,
        );
      expect(error?.details).toMatch(/APIG\.0301/);
      expect(error?.details).toContain("[redacted]");
      expectNoSecret(error?.details ?? "");
      expectNoSecret(plugin.stderr());
    } finally {
      await plugin.stop();
    }
  });
});
