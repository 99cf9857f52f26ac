/**
 * `CheckConfig`, `DiffConfig` and `Configure` for the plugin's gRPC server: how the stack's `swr:*`
 * config (from any language: YAML, Python, Go) and an explicit provider's inputs reach the plugin.
 */
import type * as grpc from "@grpc/grpc-js";
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
