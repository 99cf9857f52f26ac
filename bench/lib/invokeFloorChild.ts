/**
 * One timing of the invoke-floor section in a fresh process, as a stack's program would be when the
 * answer arrives: `node invokeFloorChild.js KIND DIR` prints `{"ms": …}` for KIND of the files in DIR
 * (written by `sections/invokeFloor.ts`). What is read from disk and parsed to set up is not timed.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { InvokeResponse } from "@pulumi/pulumi/proto/provider_pb";
import type { Repository } from "../../sdk/client/model/repository";
import { unpackRepositoriesResult } from "../../sdk/protocol/results";

/** The rows' fields as the floor's input: each text field joined by a separator, the rest as values. */
export interface FloorColumns {
  readonly n: number;
  readonly separator: string;
  readonly text: Record<string, string>;
  readonly values: Record<string, unknown[]>;
  readonly tagCounts: number[];
  readonly tags: string;
}

function time(run: () => unknown): number {
  const started = process.hrtime.bigint();
  const kept = run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (kept === undefined) throw new Error("nothing built");
  return ms;
}

/** The answer as @pulumi/pulumi hands it to a program: decoded by google-protobuf, the Struct as a plain object. */
function decode(dir: string): unknown {
  const bytes = new Uint8Array(readFileSync(path.join(dir, "answer.bin")));
  return InvokeResponse.deserializeBinary(bytes).getReturn()?.toJavaScript();
}

/**
 * A plain way for a program to hold the rows: every string made from received text (one split per
 * text field), put into plain objects with a `Repository`'s fields, one object literal a row.
 */
function build(columns: FloorColumns): unknown[] {
  const s: Record<string, string[]> = {};
  for (const [field, joined] of Object.entries(columns.text)) s[field] = joined.split(columns.separator);
  const v = columns.values as Record<string, never[]>;
  const tags = columns.tags.split(columns.separator);
  const rows: unknown[] = new Array(columns.n);
  let tag = 0;
  for (let i = 0; i < columns.n; i++) {
    rows[i] = {
      namespace: s.namespace[i],
      name: s.name[i],
      category: s.category[i],
      description: s.description[i],
      size: v.size[i],
      isPublic: v.isPublic[i],
      numImages: v.numImages[i],
      numDownload: v.numDownload[i],
      createdAt: s.createdAt[i],
      updatedAt: s.updatedAt[i],
      path: s.path[i],
      internalPath: s.internalPath[i],
      domainName: s.domainName[i],
      tags: tags.slice(tag, (tag += columns.tagCounts[i])),
      status: v.status[i],
      url: s.url[i],
      logo: s.logo[i],
    } satisfies Record<keyof Repository, unknown>;
  }
  return rows;
}

/** Each kind: its set-up (not timed), which returns what is timed. */
const KINDS: Readonly<Record<string, (dir: string) => () => unknown>> = {
  decode: (dir) => () => decode(dir),
  unpack: (dir) => {
    const answer = decode(dir);
    return () => unpackRepositoriesResult(answer).repositories;
  },
  build: (dir) => {
    const columns = JSON.parse(readFileSync(path.join(dir, "columns.json"), "utf8")) as FloorColumns;
    return () => build(columns);
  },
  parse: (dir) => {
    const text = readFileSync(path.join(dir, "rows.json"), "utf8");
    return () => JSON.parse(text) as unknown;
  },
};

function main(): void {
  const [kind, dir] = process.argv.slice(2);
  const setUp = KINDS[kind];
  if (!setUp) throw new Error(`unknown kind ${kind}; kinds: ${Object.keys(KINDS).join(", ")}`);
  process.stdout.write(JSON.stringify({ ms: time(setUp(dir)) }) + "\n");
}

if (require.main === module) main();
