import { inspect } from "node:util";
import { RunningEmulator, startEmulator, WireRepository } from "../../emulator";
import {
  escapeControls,
  ImageTag,
  SwrApiError,
  SwrClient,
  SwrClientOptions,
  SwrResponseError,
} from "../../sdk/client";
import { toRepository, wireRepositorySchema } from "../../sdk/client/model/repository";
import { compareListings } from "../../sdk/drift/compare";
import { renderDriftMarkdown } from "../../sdk/drift/render";
import { renderTags } from "../../cli/render";
import { emulatorEnv, runCli } from "../support/cli";
import { startPlugin } from "../support/grpcPlugin";
import { answer, ScriptedServer, scriptedServer, TERMINAL_CONTROLS } from "../support/scriptedServer";
import { PLUGIN_ENTRY } from "../support/fixtures";

/** Rewrites the window title, clears the screen, forges a line of our own, reverses the rest, CSI in 8 bits. */
const HOSTILE = "\x1b]0;owned\x07\x1b[2J\r\nswr-repos: all good\u202eevil\x9b31m";

const clients: SwrClient[] = [];
const servers: ScriptedServer[] = [];
function clientFor(url: string, options: SwrClientOptions = {}): SwrClient {
  const client = new SwrClient({
    endpoint: url,
    authToken: "token-not-echoed",
    env: {},
    sleep: () => Promise.resolve(),
    retry: { maxAttempts: 2 },
    ...options,
  });
  clients.push(client);
  return client;
}
async function serve(...args: Parameters<typeof scriptedServer>): Promise<ScriptedServer> {
  const server = await scriptedServer(...args);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

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

describe("server text in the CLI's output", () => {
  let emulator: RunningEmulator;
  let env: Record<string, string>;
  const hostile: WireRepository = {
    name: "web\x1b[2J\r\nfake",
    namespace: "team-a",
    category: "\x1b]0;owned\x07",
    description: '=HYPERLINK("http://evil.example","x")',
    size: 10,
    is_public: false,
    num_images: 1,
    num_download: 0,
    created_at: "2024-01-01T00:00:00.000000Z",
    updated_at: "2024-01-01T00:00:00.000000Z",
    logo: "+cmd|' /C calc'!A0",
    url: "-2+3",
    path: "swr.example/team-a/web\u202etxt.exe",
    internal_path: "\tinternal",
    domain_name: "@SUM(1,2)",
    tags: ["\rv2", "v1\x9b"],
    status: true,
    total_range: 1,
  };
  const listed = () => toRepository(wireRepositorySchema.parse(hostile));

  beforeAll(async () => {
    emulator = await startEmulator({ repos: 0, seed: 7 });
    emulator.setRepositories([hostile]);
    env = emulatorEnv(emulator);
  });
  afterAll(() => emulator.close());

  test("table output escapes every control character", async () => {
    const result = await runCli(["list"], env);
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/\n/g, "")).not.toMatch(TERMINAL_CONTROLS);
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(2);
    expect(result.stdout).toContain("web\\x1b[2J\\r\\nfake");
    expect(result.stdout).toContain("\\x1b]0;owned\\x07");
  });

  test("CSV output escapes control characters and guards every formula start with a leading '", async () => {
    const result = await runCli(["list", "--format", "csv"], env);
    expect(result.code).toBe(0);
    const [header, row, ...rest] = result.stdout.trimEnd().split("\n");
    expect(rest).toEqual([]);
    expect(result.stdout.replace(/\n/g, "")).not.toMatch(TERMINAL_CONTROLS);
    const cells = Object.fromEntries(header.split(",").map((name, i) => [name, parseCsvRow(row)[i]]));
    expect(cells).toMatchObject({
      name: "web\\x1b[2J\\r\\nfake",
      description: `'=HYPERLINK("http://evil.example","x")`,
      logo: "'+cmd|' /C calc'!A0",
      url: "'-2+3",
      domainName: "'@SUM(1,2)",
      internalPath: "'\\tinternal",
      tags: "'\\rv2 v1\\x9b",
      path: "swr.example/team-a/web\\u202etxt.exe",
    });
  });

  test("JSON output is exact (it parses back to the server's text) with no raw control character", async () => {
    const result = await runCli(["list", "--format", "json"], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([JSON.parse(JSON.stringify(listed()))]);
    expect(result.stdout.replace(/\n/g, "")).not.toMatch(TERMINAL_CONTROLS);
  });

  test("tag CSV guards formulas and escapes controls the same way", () => {
    const tag: ImageTag = {
      namespace: "team-a",
      repository: "web",
      tag: "=1+1",
      digest: "sha256:" + "a".repeat(64),
      imageRef: "p@sha256:" + "a".repeat(64),
      imageId: "i",
      size: 1,
      manifestType: "manifest",
      created: "2024-01-01T00:00:00Z",
      updated: "\x1b[8m2024",
      path: "\x1b[2Jp",
      internalPath: "ip",
    };
    const [, row] = [...renderTags([tag], "csv")].join("").trimEnd().split("\n");
    expect(parseCsvRow(row).slice(0, 3)).toEqual(["team-a", "web", "'=1+1"]);
    expect(row).toContain("\\x1b[2Jp");
    expect([...renderTags([tag], "table")].join("").replace(/\n/g, "")).not.toMatch(TERMINAL_CONTROLS);
  });

  test("the drift report in Markdown escapes control characters", () => {
    const before = listed();
    const report = compareListings([before], [{ ...before, description: "\x1b[2Jnew\u202e" }]);
    const markdown = renderDriftMarkdown(report);
    expect(markdown.replace(/\n/g, "")).not.toMatch(TERMINAL_CONTROLS);
    expect(markdown).toContain("\\x1b[2Jnew\\u202e");
  });
});

/** Splits one RFC 4180 record (quoted cells with doubled quotes). */
function parseCsvRow(row: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    if (quoted && c === '"' && row[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) {
      cells.push(cell);
      cell = "";
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
