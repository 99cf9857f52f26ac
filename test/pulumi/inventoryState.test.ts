import { createHash } from "node:crypto";
import fc from "fast-check";
import { SwrInputError } from "../../sdk/client";
import type { Repository } from "../../sdk/client";
import { compareListings } from "../../sdk/drift/compare";
import { PACKED_LISTING_FORMAT, packListing, unpackListing } from "../../sdk/drift/packedListing";
import { DriftSubject } from "../../sdk/drift/report";
import { CHUNK_CHARS } from "../../sdk/protocol/columns";
import {
  canonicalJson,
  deployedOutputs,
  isEarlierForm,
  refreshedOutputs,
} from "../../sdk/pulumi/inventoryState";
import { seedRepositories } from "../../emulator";
import { toRepository } from "../../sdk/client/model/repository";

/** canonicalJson as every earlier version wrote it: the fingerprint of a listing must not move. */
function earlierCanonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
    ) ?? ""
  );
}

/** A listing of `n` repositories as the client returns them, from the emulator's seeded data. */
function listing(n: number, seed = 5): Repository[] {
  return seedRepositories(n, seed).map((wire) => toRepository(wire as unknown as Record<string, unknown>));
}

describe("canonicalJson", () => {
  test("writes exactly what the earlier definition wrote, for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(earlierCanonicalJson(value));
      }),
      { numRuns: 500 },
    );
    const keyed = { b: 1, a: { "10": [{ z: 1, y: null }], "9": true, x: "" }, "2": 0 };
    expect(canonicalJson(keyed)).toBe(earlierCanonicalJson(keyed));
    expect(canonicalJson(listing(50))).toBe(earlierCanonicalJson(listing(50)));
    expect(canonicalJson(undefined)).toBe("");
  });
});

describe("packListing and unpackListing", () => {
  test("give back every field drift compares, in order, and nothing else", () => {
    const repositories = listing(300);
    const packed = packListing(repositories);
    expect(packed).toMatchObject({ format: PACKED_LISTING_FORMAT, count: 300 });
    const unpacked = unpackListing(packed);
    const subject = (r: DriftSubject): DriftSubject => ({
      namespace: r.namespace,
      name: r.name,
      category: r.category,
      description: r.description,
      size: r.size,
      isPublic: r.isPublic,
      tags: r.tags,
    });
    expect(unpacked).toEqual(repositories.map(subject));
    expect(compareListings(unpacked, repositories).unchanged).toBe(300);
    // Survives the state's JSON round trip (strings only).
    expect(unpackListing(JSON.parse(JSON.stringify(packed)))).toEqual(unpacked);
  });

  test("cost a small fraction of the full rows, in chunks the plugin protocol can carry", () => {
    const repositories = listing(20_000);
    const packed = packListing(repositories);
    const packedBytes = JSON.stringify(packed).length;
    expect(packedBytes / JSON.stringify(repositories).length).toBeLessThan(0.15);
    expect(packed.chunks.every((chunk) => chunk.length <= CHUNK_CHARS)).toBe(true);
    expect(packed.chunks.length).toBe(Math.ceil(packed.chunks.join("").length / CHUNK_CHARS));
    expect(unpackListing(packed)).toHaveLength(20_000);
  });

  test("an empty listing packs and unpacks", () => {
    expect(unpackListing(packListing([]))).toEqual([]);
  });

  test("anything else is an error naming the field and what is wrong", () => {
    const packed = packListing(listing(3));
    const rule = (value: unknown) => {
      try {
        unpackListing(value, "deployedListing");
      } catch (error) {
        expect(error).toBeInstanceOf(SwrInputError);
        return (error as SwrInputError).issues.map((i) => `${i.field}: ${i.rule}`).join("; ");
      }
      throw new Error("unpacked");
    };
    expect(rule(undefined)).toMatch(/^deployedListing: is not a packed listing of form swr-drift-columns/);
    expect(rule({ ...packed, format: "other/1" })).toMatch(/another version of pulumi-swr/);
    expect(rule({ ...packed, chunks: [1] })).toBe("deployedListing: has no chunks of base64 text");
    expect(rule({ ...packed, chunks: ["bm90IGNvbXByZXNzZWQ="] })).toBe(
      "deployedListing: does not hold compressed JSON in base64",
    );
    expect(rule({ ...packed, count: 4 })).toBe("deployedListing: holds 3 repositories where it says 4");
    const bad = packListing([{ ...listing(1)[0], size: -1 }]);
    expect(rule(bad)).toBe("deployedListing[0].size: must be 0 or more");
  });
});

describe("the inventory's outputs", () => {
  const deployed = listing(40);
  const sha = (value: unknown) => createHash("sha256").update(earlierCanonicalJson(value)).digest("hex");

  test("after an up: the listing is the deployed one, no drift, no full rows unless asked", () => {
    const outputs = deployedOutputs(deployed, false);
    expect(outputs).toMatchObject({
      total: 40,
      fingerprint: sha(deployed),
      deployedFingerprint: sha(deployed),
      drift: { added: [], removed: [], changed: [], unchanged: 40 },
      publicRepositories: deployed
        .filter((r) => r.isPublic)
        .map((r) => `${r.namespace}/${r.name}`)
        .sort(),
    });
    expect(outputs.repositories).toBeUndefined();
    expect(deployedOutputs(deployed, true).repositories).toEqual(deployed);
    expect(isEarlierForm({ ...outputs })).toBe(false);
  });

  test("after a refresh: the deployment stays, the drift is compareListings of deployed and current", () => {
    const state = { ...deployedOutputs(deployed, false) } as unknown as Record<string, unknown>;
    expect(refreshedOutputs(state, deployed, false)).toEqual(state);
    const current = [
      ...deployed
        .slice(1)
        .map((r, i) => (i === 0 ? { ...r, isPublic: !r.isPublic, tags: [...r.tags, "new"] } : r)),
      { ...deployed[0], name: "zz-added" },
    ];
    const refreshed = refreshedOutputs(state, current, false);
    expect(refreshed).toMatchObject({
      total: 40,
      fingerprint: sha(current),
      deployedFingerprint: state.fingerprint,
      deployedListing: state.deployedListing,
      drift: compareListings(deployed, current),
    });
    expect(refreshed.drift.added.map((r) => r.name)).toEqual(["zz-added"]);
    expect(refreshed.drift.removed.map((r) => r.name)).toEqual([deployed[0].name]);
    // A second refresh reports against the same deployment.
    expect(refreshedOutputs(refreshed as unknown as Record<string, unknown>, current, false)).toEqual(
      refreshed,
    );
  });

  test("a state an earlier version wrote (full rows) is recognised, and its rows are the deployed listing", () => {
    const fingerprint = sha(deployed);
    const earlier = { repositories: deployed, fingerprint, deployedFingerprint: fingerprint, total: 40 };
    expect(isEarlierForm(earlier)).toBe(true);
    const current = deployed.slice(1);
    const refreshed = refreshedOutputs(earlier, current, false);
    expect(refreshed.drift).toEqual(compareListings(deployed, current));
    expect(refreshed.deployedFingerprint).toBe(fingerprint);
    expect(unpackListing(refreshed.deployedListing)).toHaveLength(40);
  });
});
