import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { InvokeResponse } from "@pulumi/pulumi/proto/provider_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import { seedRepositories } from "../../emulator/seededRepositories";
import { readRepository, Repository } from "../../sdk/client/model/repository";
import { packRepositoriesResult, toRepositoriesResult } from "../../sdk/protocol/results";
import type { FloorColumns } from "../lib/invokeFloorChild";
import { alternating, DIST, HOME, progress, Summary, summarize, thousands } from "../lib/util";

/**
 * What a program pays for an `Invoke` answer after its last byte, each part timed alone in a fresh
 * process: the decoding no code of ours can skip, and three ways to build the rows from it (ours, a
 * plain one, V8's own parser). The fastest build plus the decoding, after the listing, is the floor of
 * a unary `Invoke` that this section puts beside the target.
 */
export interface InvokeFloorResult {
  readonly n: number;
  readonly runs: number;
  /** The packed answer's size, bytes. */
  readonly answerBytes: number;
  /** google-protobuf decoding the `InvokeResponse` and its Struct (inside @pulumi/pulumi, before any code of ours), ms. */
  readonly decode: Summary;
  /** `unpackRepositoriesResult` of the decoded answer: what the SDK does, ms. */
  readonly unpack: Summary;
  /** A plain build: every row's strings split from received text, into one object literal a row, ms. */
  readonly build: Summary;
  /** V8's `JSON.parse` of the same rows as compact JSON, for comparison, ms. */
  readonly parse: Summary;
}

const run = promisify(execFile);
const CHILD = path.join(DIST, "bench", "lib", "invokeFloorChild.js");

/** The rows' fields as {@link FloorColumns}: text fields joined by a separator none of them holds. */
function floorColumns(rows: readonly Repository[]): FloorColumns {
  const text: Record<string, string[]> = {};
  const values: Record<string, unknown[]> = {};
  for (const field of Object.keys(rows[0]) as Array<keyof Repository>) {
    if (field === "tags") continue;
    const column = rows.map((row) => row[field]);
    if (typeof column[0] === "string") text[field] = column as string[];
    else values[field] = column;
  }
  const tags = rows.flatMap((row) => row.tags);
  // The seeded rows hold control and bidi characters on purpose: the first private-use one absent.
  const all = [...Object.values(text).flat(), ...tags].join("");
  let code = 0xe000;
  while (all.includes(String.fromCharCode(code))) code++;
  const separator = String.fromCharCode(code);
  const joined = Object.fromEntries(
    Object.entries(text).map(([field, column]) => [field, column.join(separator)]),
  );
  return {
    n: rows.length,
    separator,
    text: joined,
    values,
    tagCounts: rows.map((r) => r.tags.length),
    tags: tags.join(separator),
  };
}

/**
 * The program's side of the plugin `Invoke` at `n` repositories: the seeded rows packed as the
 * plugin packs them and encoded as the `InvokeResponse` a program receives, then timed in fresh
 * processes, alternating, after a warm-up each.
 */
export async function measureInvokeFloor(n: number, runs: number): Promise<InvokeFloorResult> {
  progress(`invoke floor, ${thousands(n)} repositories, ${runs} runs …`);
  const dir = mkdtempSync(path.join(tmpdir(), "pulumi-swr-invoke-floor-"));
  try {
    const rows = seedRepositories(n, 1).map((raw) => {
      const row = readRepository(raw);
      if (!row) throw new Error("a seeded row does not read");
      return row;
    });
    const packed = packRepositoriesResult(toRepositoriesResult({ repositories: rows, total: rows.length }));
    const answer = new InvokeResponse()
      .setReturn(Struct.fromJavaScript(packed as unknown as Record<string, JavaScriptValue>))
      .serializeBinary();
    writeFileSync(path.join(dir, "answer.bin"), answer);
    writeFileSync(path.join(dir, "columns.json"), JSON.stringify(floorColumns(rows)));
    writeFileSync(path.join(dir, "rows.json"), JSON.stringify(rows));
    const timed = (kind: string) => async () => {
      const { stdout } = await run(process.execPath, [CHILD, kind, dir], {
        env: { PATH: process.env.PATH ?? "", HOME },
        maxBuffer: 1 << 20,
      });
      return (JSON.parse(stdout) as { ms: number }).ms;
    };
    const samples = await alternating(
      { decode: timed("decode"), unpack: timed("unpack"), build: timed("build"), parse: timed("parse") },
      runs,
    );
    return {
      n,
      runs,
      answerBytes: answer.length,
      decode: summarize(samples.decode),
      unpack: summarize(samples.unpack),
      build: summarize(samples.build),
      parse: summarize(samples.parse),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
