/**
 * Tag rows that break what SWR documents are response errors naming the field; the nulls SWR does send are
 * read.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SwrClient, SwrResponseError } from "../../../sdk/client";

const noWait = () => Promise.resolve();

describe("tag responses that are not what SWR documents", () => {
  let server: Server;
  let body = "[]";
  let url = "";

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, {
        "Content-Type": "application/json",
        "Content-Range": "0-1/1",
        "X-Request-Id": "req-1",
      });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  const item = {
    Tag: "v1",
    image_id: "sha256:" + "1".repeat(64),
    digest: "sha256:" + "2".repeat(64),
    path: "swr.example/team/api:v1",
    internal_path: "internal/team/api:v1",
    size: 1,
    created: "2024-01-01T00:00:00.000000Z",
    updated: "2024-01-01T00:00:00.000000Z",
    deleted: null,
    tag_type: 0,
  };

  test.each([
    [{ tag_type: 2 }, "[0].tag_type", "must be 0 (manifest) or 1 (manifest list)"],
    [{ digest: "2222" }, "[0].digest", "must be a digest"],
    [{ path: "v1" }, "[0].path", "must be a pull path"],
    [{ size: -1 }, "[0].size", ""],
  ])("an item with %j is a response error naming %s", async (change, field, rule) => {
    body = JSON.stringify([{ ...item, ...change }]);
    const c = new SwrClient({ endpoint: url, authToken: "t", env: {}, sleep: noWait });
    const error = await c.listRepositoryTags("team", "api").catch((e: unknown) => e);
    await c.close();
    expect(error).toBeInstanceOf(SwrResponseError);
    expect((error as SwrResponseError).field).toBe(field);
    expect((error as SwrResponseError).message).toContain(rule);
    expect((error as SwrResponseError).requestId).toBe("req-1");
  });

  test("null fields SWR sends for deleted and unknown values are accepted; a registry port is kept", async () => {
    body = JSON.stringify([{ ...item, path: "registry.example:5000/team/api:v1", tag_type: undefined }]);
    const c = new SwrClient({ endpoint: url, authToken: "t", env: {}, sleep: noWait });
    const { tags } = await c.listRepositoryTags("team", "api");
    await c.close();
    expect(tags[0].imageRef).toBe(`registry.example:5000/team/api@${item.digest}`);
    expect(tags[0].manifestType).toBe("manifest");
  });
});
