import { createHash } from "node:crypto";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { RunningEmulator, startEmulator } from "../../emulator";
import { SwrClient } from "../../sdk/client";
import { compareListings } from "../../sdk/drift/compare";
import { unpackListing } from "../../sdk/drift/packedListing";
import { canonicalJson, RepositoryInventory } from "../../sdk/pulumi/repositoryInventory";
import { ROOT, wireRepository } from "../support/fixtures";

const DYNAMIC_PROVIDER = path.join(ROOT, "node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js");
const URN = "urn:pulumi:test::inventory::pulumi-nodejs:dynamic/swr:RepositoryInventory::inv";
const QUERY_FIELDS = ["namespace", "name", "category", "filter", "orderColumn", "orderType"];

/** The `__provider` string exactly as a Pulumi program would put it into state. */
async function serializedProvider(
  args: ConstructorParameters<typeof RepositoryInventory>[1],
): Promise<string> {
  let captured: string | undefined;
  await pulumi.runtime.setMocks(
    {
      newResource: (resource) => {
        captured = resource.inputs.__provider as string;
        return { id: "mocked", state: resource.inputs };
      },
      call: () => ({}),
    },
    "inventory",
    "test",
    false,
  );
  const inventory = new RepositoryInventory("inv", args);
  await new Promise<void>((resolve) => inventory.urn.apply(() => resolve()));
  if (captured === undefined) throw new Error("the mock saw no __provider input");
  return captured;
}

type Bag = Record<string, unknown>;
type Callback<Res> = (error: grpc.ServiceError | null, res: Res) => void;

/** The dynamic-provider plugin, started as the engine starts it: from the program's directory, with its environment. */
class DynamicProvider {
  /** What the provider wrote on stderr so far; all of it once {@link stop} has returned. */
  stderr = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: provrpc.ResourceProviderClient,
  ) {
    child.stderr!.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  static async start(cwd: string, env: NodeJS.ProcessEnv): Promise<DynamicProvider> {
    const child = spawn(process.execPath, [DYNAMIC_PROVIDER, "127.0.0.1:1"], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`dynamic provider exited with ${code}`)));
    });
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new DynamicProvider(child, client);
  }

  private call<Res>(send: (callback: Callback<Res>) => unknown): Promise<Res> {
    return new Promise((resolve, reject) => send((error, res) => (error ? reject(error) : resolve(res))));
  }

  async check(olds: Bag, news: Bag) {
    const req = new provproto.CheckRequest();
    req.setUrn(URN);
    req.setOlds(Struct.fromJavaScript(olds as never));
    req.setNews(Struct.fromJavaScript(news as never));
    const res = await this.call<provproto.CheckResponse>((cb) => this.client.check(req, cb));
    return {
      inputs: res.getInputs()?.toJavaScript() as Bag,
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  private diffResponse(id: string, olds: Bag, news: Bag) {
    const req = new provproto.DiffRequest();
    req.setId(id);
    req.setUrn(URN);
    req.setOlds(Struct.fromJavaScript(olds as never));
    req.setNews(Struct.fromJavaScript(news as never));
    return this.call<provproto.DiffResponse>((cb) => this.client.diff(req, cb));
  }

  async diff(id: string, olds: Bag, news: Bag) {
    return (await this.diffResponse(id, olds, news)).getChanges();
  }

  /** What a diff asks to replace, and whether it deletes first (an update asks for neither). */
  async replaces(id: string, olds: Bag, news: Bag) {
    const res = await this.diffResponse(id, olds, news);
    return { replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
  }

  async create(properties: Bag) {
    const req = new provproto.CreateRequest();
    req.setUrn(URN);
    req.setProperties(Struct.fromJavaScript(properties as never));
    const res = await this.call<provproto.CreateResponse>((cb) => this.client.create(req, cb));
    return { id: res.getId(), properties: res.getProperties()?.toJavaScript() as Bag };
  }

  async read(id: string, properties: Bag) {
    const req = new provproto.ReadRequest();
    req.setId(id);
    req.setUrn(URN);
    req.setProperties(Struct.fromJavaScript(properties as never));
    const res = await this.call<provproto.ReadResponse>((cb) => this.client.read(req, cb));
    return { id: res.getId(), properties: res.getProperties()?.toJavaScript() as Bag };
  }

  async update(id: string, olds: Bag, news: Bag) {
    const req = new provproto.UpdateRequest();
    req.setId(id);
    req.setUrn(URN);
    req.setOlds(Struct.fromJavaScript(olds as never));
    req.setNews(Struct.fromJavaScript(news as never));
    return (await this.call<provproto.UpdateResponse>((cb) => this.client.update(req, cb)))
      .getProperties()
      ?.toJavaScript() as Bag;
  }

  async stop(): Promise<void> {
    this.client.close();
    // "close", not "exit": by then stderr has been read to its end.
    const exited = new Promise((resolve) => this.child.once("close", resolve));
    this.child.kill();
    await exited;
  }
}

describe("RepositoryInventory's dynamic provider over gRPC", () => {
  let emulator: RunningEmulator;
  let program: string;
  let provider: DynamicProvider;
  let providerText: string;
  let inputs: Bag;

  beforeAll(async () => {
    emulator = await startEmulator({ repos: 0 });
    emulator.setRepositories([
      wireRepository("team-a", "api", { is_public: true, tags: ["v1", "v2"] }),
      wireRepository("team-a", "web"),
      wireRepository("team-a", "worker", { size: 5000 }),
      wireRepository("team-b", "db", { is_public: true }),
    ]);
    // A program directory with pulumi-swr in its node_modules, as `npm install pulumi-swr` leaves it.
    program = fs.mkdtempSync(path.join(os.tmpdir(), "swr-inventory-"));
    fs.mkdirSync(path.join(program, "node_modules"));
    fs.symlinkSync(ROOT, path.join(program, "node_modules", "pulumi-swr"), "dir");
    [provider, providerText] = await Promise.all([
      DynamicProvider.start(program, {
        PATH: process.env.PATH,
        HW_ACCESS_KEY: emulator.accessKey,
        HW_SECRET_KEY: emulator.secretKey,
      }),
      serializedProvider({ namespace: "team-a", endpoint: emulator.url }),
    ]);
    inputs = { namespace: "team-a", endpoint: emulator.url, __provider: providerText };
  });

  afterAll(async () => {
    await provider?.stop();
    await emulator?.close();
    fs.rmSync(program, { recursive: true, force: true });
  });

  test("the serialized provider is small, loads the client by package path, and holds no credential", () => {
    expect(providerText).toContain('"pulumi-swr/dist/sdk/client"');
    expect(providerText).toContain('"pulumi-swr/dist/sdk/pulumi/inventoryState"');
    expect(providerText).not.toMatch(/undici|SwrClient\s*\{|class /);
    expect(providerText.length).toBeLessThan(16_000);
    for (const secret of [emulator.secretKey, emulator.token, emulator.accessKey])
      expect(providerText).not.toContain(secret);
  });

  test("check accepts a query and rejects bad fields and credentials, naming them", async () => {
    expect(await provider.check({}, inputs)).toEqual({ inputs, failures: [] });
    const { failures } = await provider.check({}, { ...inputs, namespace: "Team_A", secretKey: "sk" });
    expect(failures.map((f) => f.property).sort()).toEqual(["namespace", "secretKey"]);
    expect(failures.find((f) => f.property === "secretKey")?.reason).toMatch(/HW_SECRET_KEY/);
    // In a preview, a value computed from another resource is not known yet: it is checked later.
    const unknown = {
      ...inputs,
      namespace: pulumi.runtime.unknownValue,
      filter: { name: pulumi.runtime.unknownValue },
    };
    expect((await provider.check({}, unknown)).failures).toEqual([]);
  });

  test("isPublic is an input: check names a bad one, and create lists only the public repositories", async () => {
    const bad = await provider.check({}, { ...inputs, isPublic: "yes" });
    expect(bad.failures).toEqual([{ property: "isPublic", reason: "must be true or false" }]);
    const created = await provider.create({ ...inputs, isPublic: true, keepRepositories: true });
    expect(created.properties).toMatchObject({
      isPublic: true,
      total: 1,
      publicRepositories: ["team-a/api"],
    });
    expect((created.properties.repositories as Bag[]).map((r) => r.name)).toEqual(["api"]);
  });

  /** The emulator's current listing of `namespace`, every field, as the inventory lists it. */
  async function listing(namespace: string) {
    const client = new SwrClient({
      endpoint: emulator.url,
      accessKey: emulator.accessKey,
      secretKey: emulator.secretKey,
    });
    try {
      return (await client.listRepositories({ namespace })).repositories;
    } finally {
      await client.close();
    }
  }

  test("create keeps what drift needs; read after a registry change says what drifted; update accepts it", async () => {
    const created = await provider.create(inputs);
    expect(created.id).toMatch(/^inventory-[0-9a-f]{16}$/);
    const state = created.properties;
    const deployed = await listing("team-a");
    expect(state).toMatchObject({
      kind: "swr:RepositoryInventory",
      namespace: "team-a",
      endpoint: emulator.url,
      total: 3,
      publicRepositories: ["team-a/api"],
      drift: { added: [], removed: [], changed: [], unchanged: 3 },
      __provider: providerText,
    });
    // The fingerprint is what it always was: sha256 of every field of every repository.
    const sha256 = (value: unknown) => createHash("sha256").update(canonicalJson(value)).digest("hex");
    expect(state.fingerprint).toBe(sha256(deployed));
    expect(state.deployedFingerprint).toBe(state.fingerprint);
    // No full rows: the drift fields of each repository, packed, are what it keeps of the listing.
    expect(state.repositories).toBeUndefined();
    expect(compareListings(unpackListing(state.deployedListing), deployed)).toEqual({
      added: [],
      removed: [],
      changed: [],
      unchanged: 3,
    });
    expect(unpackListing(state.deployedListing).map((r) => r.name)).toEqual(["api", "web", "worker"]);

    // Reading again with nothing changed gives the same state.
    expect(await provider.read(created.id, state)).toEqual({ id: created.id, properties: state });

    // The registry moves: web goes public, api loses a tag, worker grows, and a repository appears.
    const changed = emulator
      .repositories()
      .map((r) =>
        r.name === "web"
          ? { ...r, is_public: true }
          : r.name === "api"
            ? { ...r, tags: ["v2"] }
            : r.name === "worker"
              ? { ...r, size: 9000 }
              : r,
      );
    emulator.setRepositories([...changed, wireRepository("team-a", "new")]);
    const refreshed = await provider.read(created.id, state);
    expect(refreshed.id).toBe(created.id);
    const now = refreshed.properties;
    const current = await listing("team-a");
    expect(now.fingerprint).toBe(sha256(current));
    expect(now).toMatchObject({
      total: 4,
      publicRepositories: ["team-a/api", "team-a/web"],
      namespace: "team-a",
      // What was deployed stays, so the next refresh still reports against it.
      deployedFingerprint: state.fingerprint,
      deployedListing: state.deployedListing,
    });
    // The drift is what swr-repos drift and compareListings report between the two listings.
    expect(now.drift).toEqual(compareListings(deployed, current));
    expect(now.drift).toEqual({
      added: [{ namespace: "team-a", name: "new", isPublic: false }],
      removed: [],
      changed: [
        {
          namespace: "team-a",
          name: "api",
          changes: [{ field: "tags", before: ["v1", "v2"], after: ["v2"], added: [], removed: ["v1"] }],
        },
        { namespace: "team-a", name: "web", changes: [{ field: "isPublic", before: false, after: true }] },
        { namespace: "team-a", name: "worker", changes: [{ field: "size", before: 5000, after: 9000 }] },
      ],
      unchanged: 0,
    });
    expect(now.__provider).toBe(providerText);
    // A second refresh with nothing new still reports against the deployment.
    expect(await provider.read(created.id, now)).toEqual({ id: created.id, properties: now });

    // Diff never lists. It reports changed inputs, and the drift a refresh stored (fingerprint moved
    // away from deployedFingerprint), which is how Pulumi 3.248 shows a refresh's changes.
    const { DIFF_NONE, DIFF_SOME } = provproto.DiffResponse.DiffChanges;
    expect(await provider.diff(created.id, state, inputs)).toBe(DIFF_NONE);
    expect(await provider.diff(created.id, now, inputs)).toBe(DIFF_SOME);
    expect(await provider.diff(created.id, state, { ...inputs, namespace: "team-b" })).toBe(DIFF_SOME);
    expect(await provider.diff(created.id, state, { ...inputs, category: "linux" })).toBe(DIFF_SOME);
    expect(await provider.diff(created.id, state, { ...inputs, keepRepositories: true })).toBe(DIFF_SOME);

    // `up` after the refresh: update accepts the new listing, and the drift is settled.
    const accepted = await provider.update(created.id, now, inputs);
    expect(accepted).toMatchObject({
      fingerprint: now.fingerprint,
      deployedFingerprint: now.fingerprint,
      drift: { added: [], removed: [], changed: [], unchanged: 4 },
    });
    expect(compareListings(unpackListing(accepted.deployedListing), current).unchanged).toBe(4);
    expect(await provider.diff(created.id, accepted, inputs)).toBe(DIFF_NONE);

    // Update for a new query lists for it and keeps every output.
    const news = { ...inputs, namespace: "team-b" };
    const updated = await provider.update(created.id, accepted, news);
    expect(updated).toMatchObject({
      kind: "swr:RepositoryInventory",
      namespace: "team-b",
      total: 1,
      publicRepositories: ["team-b/db"],
      __provider: providerText,
    });
    expect(updated.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(updated.deployedFingerprint).toBe(updated.fingerprint);

    for (const properties of [state, now, accepted, updated]) {
      expect(
        Object.keys(properties)
          .filter((k) => !QUERY_FIELDS.includes(k))
          .sort(),
      ).toEqual(
        [
          "__provider",
          "deployedFingerprint",
          "deployedListing",
          "drift",
          "endpoint",
          "fingerprint",
          "kind",
          "publicRepositories",
          "total",
        ].sort(),
      );
      const text = JSON.stringify(properties);
      for (const secret of [emulator.secretKey, emulator.token, emulator.accessKey])
        expect(text).not.toContain(secret);
    }
  });

  test("keepRepositories keeps every field of every repository, and must be true or false", async () => {
    const rows = await listing("team-a");
    const kept = await provider.create({ ...inputs, keepRepositories: true });
    expect(kept.properties).toMatchObject({ keepRepositories: true, total: rows.length });
    expect(kept.properties.repositories).toEqual(rows);
    const { failures } = await provider.check({}, { ...inputs, keepRepositories: "yes" });
    expect(failures).toEqual([{ property: "keepRepositories", reason: "must be true or false" }]);
  });

  test("a state an earlier version wrote (full rows) is rewritten by an update, never replaced", async () => {
    const rows = await listing("team-a");
    const fingerprint = (await provider.create(inputs)).properties.fingerprint;
    // The outputs of the version before packed listings, as its create wrote them.
    const earlier: Bag = {
      namespace: "team-a",
      endpoint: emulator.url,
      kind: "swr:RepositoryInventory",
      repositories: rows,
      total: rows.length,
      publicRepositories: rows.filter((r) => r.isPublic).map((r) => `team-a/${r.name}`),
      fingerprint,
      deployedFingerprint: fingerprint,
      __provider: providerText,
    };
    const { DIFF_SOME } = provproto.DiffResponse.DiffChanges;
    expect(await provider.diff("inventory-0000000000000000", earlier, inputs)).toBe(DIFF_SOME);
    expect(await provider.replaces("inventory-0000000000000000", earlier, inputs)).toEqual({
      replaces: [],
      deleteBeforeReplace: false,
    });
    const upgraded = await provider.update("inventory-0000000000000000", earlier, inputs);
    expect(upgraded.repositories).toBeUndefined();
    expect(upgraded).toMatchObject({ fingerprint, deployedFingerprint: fingerprint, total: rows.length });
    expect(compareListings(unpackListing(upgraded.deployedListing), rows).unchanged).toBe(rows.length);
  });

  test("with SWR_DEBUG=1, create and read log every request on stderr, secrets redacted", async () => {
    const securityToken = "inventory-temporary-security-token";
    const temporary = await startEmulator({ repos: 0, seed: 7, securityToken });
    temporary.setRepositories([wireRepository("team-a", "api"), wireRepository("team-a", "web")]);
    const debugging = await DynamicProvider.start(program, {
      PATH: process.env.PATH,
      HW_ACCESS_KEY: temporary.accessKey,
      HW_SECRET_KEY: temporary.secretKey,
      HW_SECURITY_TOKEN: securityToken,
      SWR_DEBUG: "1",
    });
    try {
      const news = { ...inputs, endpoint: temporary.url };
      const created = await debugging.create(news);
      expect(created.properties.total).toBe(2);
      expect((await debugging.read(created.id, created.properties)).properties.total).toBe(2);
    } finally {
      await debugging.stop();
      await temporary.close();
    }
    const lines = debugging.stderr.split("\n");
    const requests = lines.filter((line) => line.startsWith("swr: → GET "));
    // One line per request sent, and the listing of create and of read each sent at least one.
    expect(requests).toHaveLength(temporary.stats.listRequests);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    for (const line of requests) {
      // The namespace travels inside the filter (namespace::team-a, percent-encoded).
      expect(line).toMatch(
        /^swr: → GET http:\/\/127\.0\.0\.1:\d+\/v2\/manage\/repos\?\S*namespace%3A%3Ateam-a/,
      );
      expect(line).toContain('"Authorization":"[redacted]"');
      expect(line).toContain('"X-Security-Token":"[redacted]"');
    }
    expect(lines.filter((line) => line.startsWith("swr: ← 200 /v2/manage/repos"))).toHaveLength(
      requests.length,
    );
    for (const secret of [temporary.secretKey, securityToken, temporary.accessKey])
      expect(debugging.stderr).not.toContain(secret);
  });

  test("without SWR_DEBUG, the provider logs nothing", async () => {
    await provider.read("inventory-0000000000000000", inputs);
    expect(provider.stderr).toBe("");
  });

  test("a listing the server refuses fails the operation with the server's code", async () => {
    const stranger = await startEmulator({ repos: 1, seed: 99 }); // other keys: the provider's are refused
    try {
      await expect(provider.create({ ...inputs, endpoint: stranger.url })).rejects.toThrow(/401 APIG\.0301/);
    } finally {
      await stranger.close();
    }
  });
});
