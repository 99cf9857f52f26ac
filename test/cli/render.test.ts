import { Writable } from "node:stream";
import { renderJson, renderRepositories, renderTags, ROWS_PER_CHUNK, writeChunks } from "../../cli/render";
import { startEmulator } from "../../emulator";
import { Repository, SwrClient } from "../../sdk/client";

/** Characters a terminal acts on, which the JSON output writes as escapes. */
const HOSTILE = "\u2028\u202e\u009b[2J";

describe("the CLI's streamed output", () => {
  let repositories: Repository[];

  beforeAll(async () => {
    const emulator = await startEmulator({ repos: 2500, seed: 11 });
    try {
      const client = new SwrClient({ ...emulator, endpoint: emulator.url, env: {} });
      repositories = [...(await client.listRepositories()).repositories];
      await client.close();
    } finally {
      await emulator.close();
    }
    // Hostile text in the last row of a chunk, the first of the next, and the very last row.
    for (const at of [ROWS_PER_CHUNK - 1, ROWS_PER_CHUNK, repositories.length - 1])
      repositories[at] = { ...repositories[at], description: `${HOSTILE} row ${at}` };
  });

  test.each([0, 1, ROWS_PER_CHUNK - 1, ROWS_PER_CHUNK, ROWS_PER_CHUNK + 1, 2500])(
    "JSON of %i repositories, written in chunks, is the same text as the whole document",
    (n) => {
      const rows = repositories.slice(0, n);
      const streamed = [...renderRepositories(rows, "json")].join("");
      expect(streamed).toBe(renderJson(rows));
      expect(JSON.parse(streamed)).toEqual(JSON.parse(JSON.stringify(rows)));
      expect(streamed).not.toMatch(/[\u2028\u202e\u009b]/);
    },
  );

  test.each(["\u007f", "\u0085", "\u009f", "\u061c", "\u200f", "\u2029", "\u202c", "\u2069"])(
    "a chunk whose only character to escape is %j is escaped like the whole document",
    (character) => {
      const rows = repositories
        .slice(2 * ROWS_PER_CHUNK, 4 * ROWS_PER_CHUNK)
        .map((row, i) => (i === ROWS_PER_CHUNK + 1 ? { ...row, description: `a${character}b` } : row));
      const streamed = [...renderRepositories(rows, "json")].join("");
      expect(streamed).toBe(renderJson(rows));
      expect(streamed).not.toContain(character);
      expect(JSON.parse(streamed)[ROWS_PER_CHUNK + 1].description).toBe(`a${character}b`);
    },
  );

  test("CSV and table output in chunks hold every row once, in order, one line each", () => {
    for (const format of ["csv", "table"] as const) {
      const lines = [...renderRepositories(repositories, format)].join("").split("\n");
      expect(lines.at(-1)).toBe("");
      expect(lines).toHaveLength(repositories.length + 2);
      expect(lines[1 + ROWS_PER_CHUNK]).toContain(repositories[ROWS_PER_CHUNK].name);
      expect(lines[repositories.length]).toContain(repositories[repositories.length - 1].name);
    }
    expect([...renderTags([], "json")].join("")).toBe("[]\n");
  });

  test("a slow reader gets every chunk in order; the writer waits for it", async () => {
    const received: string[] = [];
    let pending = 0;
    let mostBuffered = 0;
    const slow = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, done) {
        mostBuffered = Math.max(mostBuffered, slow.writableLength);
        pending++;
        setTimeout(() => {
          received.push(chunk.toString());
          pending--;
          done();
        }, 1);
      },
    });
    await writeChunks(slow, renderRepositories(repositories, "json"));
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(pending).toBe(0);
    expect(received.join("")).toBe(renderJson(repositories));
    // Never more than one chunk waiting in memory: not the document.
    const largestChunk = Math.max(...received.map((chunk) => Buffer.byteLength(chunk)));
    expect(mostBuffered).toBeLessThanOrEqual(largestChunk);
  });

  test("a signal (Ctrl-C) ends the writing while a reader that stopped reading holds it back", async () => {
    const stalled = new Writable({ highWaterMark: 1, write: () => undefined });
    const controller = new AbortController();
    const writing = writeChunks(stalled, renderRepositories(repositories, "json"), controller.signal);
    controller.abort();
    await writing;
    expect(stalled.writableLength).toBeLessThan(Buffer.byteLength(renderJson(repositories)));
  });

  test("a reader that goes away ends the writing instead of hanging it", async () => {
    let writes = 0;
    const gone = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, done) {
        writes++;
        done(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
      },
    });
    gone.on("error", () => undefined);
    await writeChunks(gone, renderRepositories(repositories, "json"));
    expect(writes).toBe(1);
  });
});
