/**
 * The plugin's gRPC server: the `ResourceProvider` service as the engine calls it, for a provider
 * that serves functions only. It answers `GetPluginInfo`, `GetSchema`, `CheckConfig`,
 * `DiffConfig`, `Configure`, `Invoke`, `Cancel` and `Attach`; grpc-js answers every other method
 * UNIMPLEMENTED, which the engine takes as "this provider has no resources".
 *
 * `@pulumi/pulumi`'s `provider.main` would serve this too, but it loads the whole Node SDK on the
 * way (its logging pulls in the runtime, closure serialization and npm's package reader: 1,400
 * modules), which every `pulumi preview` paid before the plugin printed its port; it also answers
 * `CheckConfig` and `DiffConfig` UNIMPLEMENTED and drops `Configure`'s settings. The messages are
 * the SDK's generated ones, so what crosses the wire is the protocol exactly.
 *
 * The port is printed as soon as grpc-js and the messages are loaded; the provider itself (the
 * client core, undici, zod) loads right after, while the engine connects, and every call waits
 * for it. So the engine goes on with its own start-up a tenth of a second sooner.
 */
import * as path from "node:path";
import type * as grpc from "@grpc/grpc-js";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import {
  CheckFailure,
  GetSchemaRequest,
  GetSchemaResponse,
  InvokeRequest,
  InvokeResponse,
} from "@pulumi/pulumi/proto/provider_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { ConfigHandlers, ConfigurableProvider } from "../config/configService";
import { useFastInvokeEncoding } from "./invokeEncoding";

/** What the server needs of the provider. */
export interface ServedProvider extends ConfigurableProvider {
  readonly version: string;
  getSchema(): Promise<string>;
  invoke(
    token: string,
    args: Record<string, unknown>,
  ): Promise<{
    readonly outputs?: Record<string, unknown>;
    readonly failures?: ReadonlyArray<{ readonly property: string; readonly reason: string }>;
  }>;
  cancel(): Promise<void>;
}

/** The engine accepts messages up to 400 MiB (Pulumi's `maxRPCMessageSize`); grpc-js defaults to 4 MiB. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

type Callback<T> = (error: grpc.ServiceError | Error | null, response?: T) => void;
type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: Callback<Res>) => void;

/** grpc-js as `@pulumi/pulumi` loads it (it is that package's dependency, not ours). */
function pulumiGrpc(): typeof grpc {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as typeof grpc;
}

/** Calls `work` and hands its result or its error to grpc-js's callback. */
function answer<T>(callback: Callback<T>, work: () => Promise<T>): void {
  work().then(
    (response) => callback(null, response),
    (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
  );
}

/** The service's handlers for `provider`, with its config handlers. */
export function providerHandlers(
  provider: ServedProvider,
  config: ConfigHandlers,
): grpc.UntypedServiceImplementation {
  const getSchema: Unary<GetSchemaRequest, GetSchemaResponse> = (call, callback) =>
    answer(callback, async () => {
      if (call.request.getVersion() !== 0)
        throw new Error(`unsupported schema version ${call.request.getVersion()}`);
      return new GetSchemaResponse().setSchema(await provider.getSchema());
    });
  const invoke: Unary<InvokeRequest, InvokeResponse> = (call, callback) =>
    answer(callback, async () => {
      const args = (call.request.getArgs()?.toJavaScript() ?? {}) as Record<string, unknown>;
      const result = await provider.invoke(call.request.getTok(), args);
      const response = new InvokeResponse();
      if (result.outputs)
        response.setReturn(Struct.fromJavaScript(result.outputs as Record<string, JavaScriptValue>));
      response.setFailuresList(
        (result.failures ?? []).map((f) => new CheckFailure().setProperty(f.property).setReason(f.reason)),
      );
      return response;
    });
  return {
    ...config,
    getPluginInfo: ((_call, callback) =>
      callback(null, new PluginInfo().setVersion(provider.version))) as Unary<Empty, PluginInfo>,
    getSchema,
    invoke,
    cancel: ((_call, callback) =>
      answer(callback, async () => {
        await provider.cancel();
        return new Empty();
      })) as Unary<Empty, Empty>,
    // The engine's address; a function-only provider never calls back into the engine.
    attach: ((_call, callback) => callback(null, new Empty())) as Unary<unknown, Empty>,
  } as grpc.UntypedServiceImplementation;
}

/**
 * An implementation of every method of the service that waits for `loaded` and calls its
 * handler, or answers UNIMPLEMENTED where it has none (as grpc-js does for a method left out).
 */
function awaiting(
  grpcJs: typeof grpc,
  loaded: Promise<grpc.UntypedServiceImplementation>,
): grpc.UntypedServiceImplementation {
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(ResourceProviderService)) {
    implementation[name] = ((call: grpc.ServerUnaryCall<unknown, unknown>, callback: Callback<unknown>) =>
      loaded.then(
        (handlers) => {
          const handler = handlers[name] as Unary<unknown, unknown> | undefined;
          if (handler) handler(call, callback);
          else
            callback({
              name: "Error",
              message: `${method.path} is not implemented`,
              code: grpcJs.status.UNIMPLEMENTED,
              details: `${method.path} is not implemented: this provider serves functions only`,
              metadata: new grpcJs.Metadata(),
            });
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      )) as grpc.UntypedHandleCall;
  }
  return implementation;
}

/**
 * Serves the handlers `load` gives on a free loopback port and prints the port on stdout's first
 * line, as the engine expects of a plugin; `load` runs once the port is out. The engine's address
 * (the first argument that is not a flag) is not needed: nothing here logs to or calls the engine.
 */
export async function serveProvider(load: () => Promise<grpc.UntypedServiceImplementation>): Promise<number> {
  const grpcJs = pulumiGrpc();
  useFastInvokeEncoding();
  const server = new grpcJs.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  });
  let resolve: (handlers: grpc.UntypedServiceImplementation) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const loaded = new Promise<grpc.UntypedServiceImplementation>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  server.addService(ResourceProviderService as unknown as grpc.ServiceDefinition, awaiting(grpcJs, loaded));
  const port = await new Promise<number>((done, fail) =>
    server.bindAsync("127.0.0.1:0", grpcJs.ServerCredentials.createInsecure(), (error, bound) =>
      error ? fail(error) : done(bound),
    ),
  );
  process.stdout.write(`${port}\n`);
  load().then(resolve, (error: unknown) => {
    reject(error);
    // Without its handlers the plugin can answer nothing: say why, and let the engine see it exit.
    process.stderr.write(
      `pulumi-resource-swr: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
  return port;
}
