/**
 * `selectImage`: one image of a tag listing, by tag, digest (or a prefix) or the latest, or an error
 * naming the candidates.
 */
import { type ImageTag, selectImage, SwrInputError, SwrSelectionError } from "../../../sdk/client";

describe("selectImage", () => {
  const digest = (hex: string) => `sha256:${hex.repeat(64 / hex.length)}`;
  const tag = (name: string, hex: string, updated: string): ImageTag => ({
    namespace: "team",
    repository: "api",
    tag: name,
    digest: digest(hex),
    imageRef: `swr.example/team/api@${digest(hex)}`,
    imageId: digest("ff"),
    size: 1,
    path: `swr.example/team/api:${name}`,
    internalPath: `internal/team/api:${name}`,
    created: "2024-01-01T00:00:00.000000Z",
    updated,
    manifestType: "manifest",
  });
  // v1 and stable name one image; v2 and latest another; two images share a 12-digit prefix.
  const tags = [
    tag("v1", "aaaa", "2024-02-01T00:00:00.000000Z"),
    tag("stable", "aaaa", "2024-03-01T00:00:00.000000Z"),
    tag("v2", "abcdef012345" + "0".repeat(52), "2024-04-01T00:00:00.000000Z"),
    tag("latest", "abcdef012345" + "0".repeat(52), "2024-04-01T00:00:00.000000Z"),
    tag("v3", "abcdef012345" + "1".repeat(52), "2024-01-01T00:00:00.000000Z"),
  ];

  test("by tag, by digest (full or a prefix) and the most recently updated", () => {
    expect(selectImage(tags, { tag: "v1" }).tag).toBe("v1");
    // Several tags of one image: the most recently updated of them.
    expect(selectImage(tags, { digest: digest("aaaa") }).tag).toBe("stable");
    expect(selectImage(tags, { digest: "aaaaaaaaaaaa" }).tag).toBe("stable");
    expect(selectImage(tags, { digest: "abcdef0123450" }).tag).toBe("latest");
    // The newest instant holds one image under two tags: the first tag in order.
    expect(selectImage(tags, { latest: true }).tag).toBe("latest");
    // latest narrows a short digest that matches two images.
    expect(selectImage(tags, { digest: "abcdef012345", latest: true }).tag).toBe("latest");
    expect(selectImage(tags, { tag: "v3", digest: "sha256:abcdef0123451" }).tag).toBe("v3");
  });

  test("none matching is a selection error naming the candidates", () => {
    const error = (() => {
      try {
        return selectImage(tags, { tag: "v9" });
      } catch (e) {
        return e;
      }
    })() as SwrSelectionError;
    expect(error).toBeInstanceOf(SwrSelectionError);
    // The tags were listed: not an input error, whose code promises that no request was sent.
    expect(error).not.toBeInstanceOf(SwrInputError);
    expect(error.code).toBe("SWR_ERR_NO_SINGLE_IMAGE");
    expect(error.reason).toBe("none");
    expect(error.field).toBe("selector.tag");
    expect(error.message).toMatch(
      /no tag of team\/api has tag "v9"; its tags, most recent first: latest \(sha256:abcdef012345, /,
    );
    expect(error.candidates.map((t) => t.tag)).toEqual(["latest", "v2", "stable", "v1", "v3"]);

    expect(() => selectImage(tags, { tag: "v1", digest: digest("bbbb") })).toThrow(
      /selector: no tag of team\/api has tag "v1" and digest/,
    );
    expect(() => selectImage([], { latest: true })).toThrow(/the repository has no tags/);
  });

  test("several images matching is a selection error naming them", () => {
    const ambiguous = (() => {
      try {
        return selectImage(tags, { digest: "abcdef012345" });
      } catch (e) {
        return e;
      }
    })() as SwrSelectionError;
    expect(ambiguous).toBeInstanceOf(SwrSelectionError);
    expect(ambiguous.reason).toBe("several");
    expect(ambiguous.field).toBe("selector.digest");
    expect(ambiguous.candidates.map((t) => t.tag)).toEqual(["latest", "v2", "v3"]);
    expect(ambiguous.message).toMatch(
      /matches several images of team\/api: latest .*v2 .*v3 .*give more digits/,
    );

    const tie = [...tags, tag("v4", "cccc", "2024-04-01T00:00:00.000000Z")];
    expect(() => selectImage(tie, { latest: true })).toThrow(
      /several images of team\/api were updated last, at 2024-04-01T00:00:00.000000Z: latest .*v2 .*v4 .*select by tag or digest/,
    );
  });

  test.each([
    [{}, "selector", "give a tag, a digest or latest: true"],
    [{ latest: false }, "selector", "give a tag, a digest or latest: true"],
    [{ digest: "abc" }, "selector.digest", "at least its first 12 hex digits"],
    [{ digest: "sha256:xyz!" }, "selector.digest", "must be a digest"],
    [{ tag: "-x" }, "selector.tag", "may not start"],
    [{ name: "v1" }, "selector", "unknown key"],
  ])("rejects the selector %j naming %s", (selector, field, rule) => {
    try {
      selectImage(tags, selector as never);
      throw new Error("expected an error");
    } catch (error) {
      expect(error).toBeInstanceOf(SwrInputError);
      expect(error).not.toBeInstanceOf(SwrSelectionError);
      const issues = (error as SwrInputError).issues;
      expect(issues.some((i) => i.field === field && i.rule.includes(rule))).toBe(true);
    }
  });
});
