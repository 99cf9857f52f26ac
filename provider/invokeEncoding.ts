/**
 * A faster encoder for the plugin's `Invoke` answers. google-protobuf writes every string through a
 * JavaScript array of bytes, about 30 ms per MB: at 100,000 repositories a tenth of what a stack
 * pays for `getRepositories`. This writes the same protobuf with Node's native UTF-8 encoder.
 * Only the plugin's own process uses it (see {@link useFastInvokeEncoding}); what is sent is the
 * same message, field for field, as the test against google-protobuf's decoder holds.
 */
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { CheckFailure, InvokeResponse } from "@pulumi/pulumi/proto/provider_pb";
import { ListValue, Struct, Value } from "google-protobuf/google/protobuf/struct_pb";

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;

/** Appends protobuf fields to a growing buffer. */
class Writer {
  private buffer = Buffer.allocUnsafe(1024);
  private length = 0;

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  varint(value: number): void {
    this.reserve(10);
    while (value > 0x7f) {
      this.buffer[this.length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.buffer[this.length++] = value;
  }

  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  string(field: number, value: string): void {
    const bytes = Buffer.byteLength(value, "utf8");
    this.tag(field, LENGTH_DELIMITED);
    this.varint(bytes);
    this.reserve(bytes);
    this.length += this.buffer.write(value, this.length, "utf8");
  }

  double(field: number, value: number): void {
    this.tag(field, FIXED64);
    this.reserve(8);
    this.length = this.buffer.writeDoubleLE(value, this.length);
  }

  /** A nested message: `write` fills it, then it goes in with its length. */
  message(field: number, write: (writer: Writer) => void): void {
    const nested = new Writer();
    write(nested);
    this.tag(field, LENGTH_DELIMITED);
    this.varint(nested.length);
    this.reserve(nested.length);
    nested.buffer.copy(this.buffer, this.length, 0, nested.length);
    this.length += nested.length;
  }

  finish(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

function writeStruct(writer: Writer, struct: Struct): void {
  struct.getFieldsMap().forEach((value: Value, key: string) =>
    writer.message(1, (entry) => {
      entry.string(1, key);
      entry.message(2, (nested) => writeValue(nested, value));
    }),
  );
}

function writeList(writer: Writer, list: ListValue): void {
  for (const value of list.getValuesList()) writer.message(1, (nested) => writeValue(nested, value));
}

function writeValue(writer: Writer, value: Value): void {
  switch (value.getKindCase()) {
    case Value.KindCase.NULL_VALUE:
      writer.tag(1, VARINT);
      writer.varint(0);
      return;
    case Value.KindCase.NUMBER_VALUE:
      writer.double(2, value.getNumberValue());
      return;
    case Value.KindCase.STRING_VALUE:
      writer.string(3, value.getStringValue());
      return;
    case Value.KindCase.BOOL_VALUE:
      writer.tag(4, VARINT);
      writer.varint(value.getBoolValue() ? 1 : 0);
      return;
    case Value.KindCase.STRUCT_VALUE:
      writer.message(5, (nested) => writeStruct(nested, value.getStructValue() as Struct));
      return;
    case Value.KindCase.LIST_VALUE:
      writer.message(6, (nested) => writeList(nested, value.getListValue() as ListValue));
      return;
    case Value.KindCase.KIND_NOT_SET:
      return;
  }
}

function writeFailure(writer: Writer, failure: CheckFailure): void {
  if (failure.getProperty()) writer.string(1, failure.getProperty());
  if (failure.getReason()) writer.string(2, failure.getReason());
}

/** The protobuf bytes of an `InvokeResponse`, as google-protobuf would write them but faster. */
export function encodeInvokeResponse(response: InvokeResponse): Buffer {
  const writer = new Writer();
  const result = response.getReturn();
  if (result) writer.message(1, (nested) => writeStruct(nested, result));
  for (const failure of response.getFailuresList())
    writer.message(2, (nested) => writeFailure(nested, failure));
  return writer.finish();
}

/**
 * Makes this process's provider server encode `Invoke` answers with {@link encodeInvokeResponse}.
 * `@pulumi/pulumi`'s provider server registers the service definition object exported by its
 * generated gRPC module, so setting that definition's serializer before the server starts is enough.
 */
export function useFastInvokeEncoding(): void {
  const invoke = ResourceProviderService.invoke as {
    responseSerialize: (response: InvokeResponse) => Buffer;
  };
  invoke.responseSerialize = (response) => {
    if (!(response instanceof InvokeResponse))
      throw new Error("Expected argument of type pulumirpc.InvokeResponse");
    return encodeInvokeResponse(response);
  };
}
