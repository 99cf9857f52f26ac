import { Admission } from "../../../sdk/client/listing/admission";

interface Row {
  readonly group: string;
  readonly name: string;
  readonly keep: boolean;
}

const row = (group: string, name: string, keep = true): Row => ({ group, name, keep });

test("de-duplication by a key of two fields: the same name in two groups is two rows, the same pair twice is one; dropped rows still count", () => {
  const admission = new Admission<Row>(
    (r) => `${r.group}\u0000${r.name}`,
    (r) => r.keep,
  );
  const first = admission.step("page", 0, [row("a", "x"), row("b", "x"), row("a", "y", false)], 5, undefined);
  expect(first.rows).toEqual([row("a", "x"), row("b", "x")]);
  expect(first.listed).toBe(3);
  const second = admission.step(
    "repair",
    1,
    [row("b", "x"), row("a", "y"), row("a", "z"), row("a", "z"), row("c", "x")],
    5,
    "r",
  );
  // ("a", "y") was seen (and dropped by the query) before: it is not admitted on a second sight.
  expect(second.rows).toEqual([row("a", "z"), row("c", "x")]);
  expect(second.listed).toBe(5);
});
