/**
 * `CheckConfig`, `DiffConfig` and `Configure` for the plugin's gRPC server. The provider server of
 * `@pulumi/pulumi` 3.248 answers the first two UNIMPLEMENTED and ignores `Configure`'s settings, so
 * stack config would never reach the plugin from YAML, Python or Go, nor from an explicit provider.
 *
 * `pulumi.provider.main` builds its server internally and registers the generated service
 * definition with an implementation object of its own; neither is exported. So the handlers go in
 * where the two meet: the server's `addService`, for that service definition only, gets an
 * implementation whose three config methods are these and whose other methods are the SDK's.
 */
import * as path from "node:path";
import type * as grpc from "@grpc/grpc-js";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import {
  CheckFailure,
  CheckRequest,
  CheckResponse,
  ConfigureRequest,
  ConfigureResponse,
  DiffRequest,
  DiffResponse,
} from "@pulumi/pulumi/proto/provider_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import { SettingValues } from "../../sdk/client/settings";
import { changedConfigKeys, checkProviderConfig, configuredSettings, settingLabel } from "./configuration";

/** What the config handlers need of the provider. */
export interface ConfigurableProvider {
  /** Takes the settings `Configure` gave. */
  configure(settings: SettingValues<string>): void;
}

type Unary<Req, Res> = (
  call: grpc.ServerUnaryCall<Req, Res>,
  callback: (error: grpc.ServiceError | null, response?: Res) => void,
) => void;

/** The three handlers, as grpc-js calls them. */
export interface ConfigHandlers {
  readonly checkConfig: Unary<CheckRequest, CheckResponse>;
  readonly diffConfig: Unary<DiffRequest, DiffResponse>;
  readonly configure: Unary<ConfigureRequest, ConfigureResponse>;
}

const structObject = (struct: Struct | undefined): Record<string, unknown> =>
  (struct?.toJavaScript() ?? {}) as Record<string, unknown>;

/** The handlers for `provider`: pure over the request, apart from `configure` handing it the settings. */
export function configHandlers(provider: ConfigurableProvider): ConfigHandlers {
  return {
    checkConfig(call, callback) {
      const request = call.request;
      const { inputs, failures } = checkProviderConfig(
        structObject(request.getNews()),
        settingLabel(request.getUrn()),
      );
      const response = new CheckResponse();
      if (failures.length > 0)
        response.setFailuresList(
          failures.map((f) => new CheckFailure().setProperty(f.property).setReason(f.reason)),
        );
      else response.setInputs(Struct.fromJavaScript(inputs as Record<string, JavaScriptValue>));
      callback(null, response);
    },
    diffConfig(call, callback) {
      const changed = changedConfigKeys(
        structObject(call.request.getOlds()),
        structObject(call.request.getNews()),
      );
      const response = new DiffResponse()
        .setChanges(
          changed.length > 0 ? DiffResponse.DiffChanges.DIFF_SOME : DiffResponse.DiffChanges.DIFF_NONE,
        )
        .setDiffsList(changed);
      callback(null, response);
    },
    configure(call, callback) {
      const request = call.request;
      const args = request.getArgs();
      const variables = new Map(request.getVariablesMap().toArray() as Array<[string, string]>);
      provider.configure(configuredSettings(args === undefined ? undefined : structObject(args), variables));
      // Secrets then arrive wrapped in invoke arguments too; `plainArgs` unwraps them.
      callback(null, new ConfigureResponse().setAcceptsecrets(true).setAcceptresources(true));
    },
  };
}

/** grpc-js as `@pulumi/pulumi` loads it: its server is the one whose `addService` is wrapped. */
function pulumiGrpc(): typeof grpc {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as typeof grpc;
}

/**
 * Makes this process's provider server answer `CheckConfig`, `DiffConfig` and `Configure` with
 * {@link configHandlers} of `provider`. Call before `pulumi.provider.main`; returns a check that
 * throws unless the server registered them (a changed `@pulumi/pulumi` would otherwise silently
 * bring back the UNIMPLEMENTED answers).
 */
export function serveProviderConfig(provider: ConfigurableProvider): () => void {
  const handlers = configHandlers(provider);
  let registered = false;
  const server = pulumiGrpc().Server.prototype;
  const addService = server.addService;
  server.addService = function (
    this: grpc.Server,
    service: grpc.ServiceDefinition,
    implementation: grpc.UntypedServiceImplementation,
  ) {
    if (service !== (ResourceProviderService as unknown))
      return addService.call(this, service, implementation);
    registered = true;
    const withConfig = Object.assign(
      Object.create(implementation) as grpc.UntypedServiceImplementation,
      handlers,
    );
    return addService.call(this, service, withConfig);
  };
  return () => {
    if (!registered)
      throw new Error("pulumi-resource-swr: the provider server did not register the swr config handlers");
  };
}
