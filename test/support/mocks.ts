/**
 * Test support for the Pulumi SDK functions under `pulumi.runtime.setMocks`. Nothing here calls
 * `setMocks` or spies at import: that state belongs to each test file.
 */
import * as pulumi from "@pulumi/pulumi";

/** What an argument sent to `invokeOutput` resolved to, and whether it was a secret. */
export interface SentArg {
  readonly value: unknown;
  readonly secret: boolean;
}

/** The value an output resolves to. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** The arguments the SDK last handed to `invokeOutput` (as `spy` saw them), resolved, with each one's secretness. */
export async function sentArgs(
  spy: jest.SpiedFunction<typeof pulumi.runtime.invokeOutput>,
): Promise<Record<string, SentArg>> {
  const props = spy.mock.calls.at(-1)?.[1] ?? {};
  const entries = await Promise.all(
    Object.entries(props).map(async ([key, input]) => {
      const output = pulumi.output(input);
      return [key, { value: await valueOf(output), secret: await pulumi.isSecret(output) }] as const;
    }),
  );
  return Object.fromEntries(entries);
}
