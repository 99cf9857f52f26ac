import fc from "fast-check";
import { CheckFailure, InvokeResponse } from "@pulumi/pulumi/proto/provider_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { encodeInvokeResponse, useFastInvokeEncoding } from "../../../provider/grpc/invokeEncoding";
import { SECRET_SIGNATURE, SECRET_SIGNATURE_KEY } from "../../../provider/grpc/rpcValues";

/** An `InvokeResponse` as the provider server builds it. */
function response(
  outputs: Record<string, unknown>,
  failures: ReadonlyArray<[string, string]>,
): InvokeResponse {
  const message = new InvokeResponse();
  message.setReturn(Struct.fromJavaScript(outputs as Record<string, JavaScriptValue>));
  message.setFailuresList(
    failures.map(([property, reason]) => {
      const failure = new CheckFailure();
      failure.setProperty(property);
      failure.setReason(reason);
      return failure;
    }),
  );
  return message;
}

/** What the engine reads back: google-protobuf's own decoder over the bytes. */
function decoded(bytes: Uint8Array): { outputs: unknown; failures: unknown } {
  const message = InvokeResponse.deserializeBinary(bytes);
  return {
    outputs: message.getReturn()?.toJavaScript(),
    failures: message.getFailuresList().map((f) => [f.getProperty(), f.getReason()]),
  };
}

// Any text a result can hold, astral characters included; lone surrogates are not valid UTF-8 and
// no result holds them (the packed chunks never split a pair).
const text = fc.string({ unit: "grapheme" });
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true }),
    fc.integer(),
    text,
    fc.array(tie("value")),
    fc.dictionary(text, tie("value")),
  ),
})).value;

test("an Invoke answer encoded natively reads back exactly as google-protobuf's own encoding does", () => {
  fc.assert(
    fc.property(fc.dictionary(text, json), fc.array(fc.tuple(text, text)), (outputs, failures) => {
      const message = response(outputs, failures);
      expect(decoded(encodeInvokeResponse(message))).toEqual(decoded(message.serializeBinary()));
    }),
    { numRuns: 300 },
  );
});

test("a packed listing's megabyte chunks and numbers beyond 32 bits come through whole", () => {
  const chunk = "é😀x".repeat(300_000);
  const message = response({ total: 2 ** 40 + 3, packed: [chunk, chunk.slice(7)], nothing: null }, []);
  const bytes = encodeInvokeResponse(message);
  expect(Buffer.compare(bytes, Buffer.from(message.serializeBinary()))).toBe(0);
  expect(decoded(bytes).outputs).toEqual({
    total: 2 ** 40 + 3,
    packed: [chunk, chunk.slice(7)],
    nothing: null,
  });
});

test("an answer with no result and only check failures keeps them in order", () => {
  const message = new InvokeResponse();
  const failure = new CheckFailure();
  failure.setProperty("limit");
  failure.setReason("must be at most 1000");
  message.setFailuresList([failure, new CheckFailure()]);
  expect(decoded(encodeInvokeResponse(message))).toEqual({
    outputs: undefined,
    failures: [
      ["limit", "must be at most 1000"],
      ["", ""],
    ],
  });
});

test("once installed, the provider service's Invoke serializer is the native one, and still refuses other messages", () => {
  const message = response({ total: 3, packed: ["x"] }, [["limit", "too large"]]);
  const serialize = () =>
    (ResourceProviderService.invoke as { responseSerialize: (m: unknown) => Buffer }).responseSerialize;
  const original = serialize();
  try {
    useFastInvokeEncoding();
    expect(serialize()).not.toBe(original);
    expect(Buffer.compare(serialize()(message), encodeInvokeResponse(message))).toBe(0);
    expect(() => serialize()({})).toThrow("Expected argument of type pulumirpc.InvokeResponse");
  } finally {
    (ResourceProviderService.invoke as { responseSerialize: unknown }).responseSerialize = original;
  }
});

test("the plugin's secret signature is the Node SDK's, which the plugin does not load", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runtime = require("@pulumi/pulumi/runtime") as { specialSigKey: string; specialSecretSig: string };
  expect(SECRET_SIGNATURE_KEY).toBe(runtime.specialSigKey);
  expect(SECRET_SIGNATURE).toBe(runtime.specialSecretSig);
});
