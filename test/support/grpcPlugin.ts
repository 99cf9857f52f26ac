import { spawn } from "node:child_process";
import { once } from "node:events";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import {
  CheckRequest,
  CheckResponse,
  ConfigureRequest,
  ConfigureResponse,
  DiffRequest,
  DiffResponse,
  GetSchemaRequest,
  GetSchemaResponse,
  InvokeRequest,
  InvokeResponse,
} from "@pulumi/pulumi/proto/provider_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The test runner's environment without any SWR setting (`HW_*`, `HUAWEICLOUD_SDK_*`), plus `settings`. */
export function pluginEnv(settings: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(HW_|HUAWEICLOUD_SDK_)/.test(name)),
    ),
    ...settings,
  };
}

/** What `Invoke` answered: the outputs and the check failures. */
export interface InvokeAnswer {
  readonly outputs: Record<string, unknown>;
  readonly failures: ReadonlyArray<{ readonly property: string; readonly reason: string }>;
}

/** What `CheckConfig` answered: the checked inputs (secrets still wrapped) and the failures. */
export interface CheckConfigAnswer {
  readonly inputs: Record<string, unknown>;
  readonly failures: ReadonlyArray<{ readonly property: string; readonly reason: string }>;
}

/** A plugin process, and a client speaking to it as the engine does. */
export interface RunningPlugin {
  readonly port: number;
  /** The plugin's process id. */
  readonly pid: number;
  /** Everything the plugin wrote to stderr so far. */
  stderr(): string;
  getPluginInfo(): Promise<{ version: string }>;
  getSchema(): Promise<Record<string, unknown>>;
  invoke(token: string, args: Record<string, unknown>): Promise<InvokeAnswer>;
  /** `CheckConfig` of provider `urn` with inputs `news` (as the engine sends them: no secret wrappers). */
  checkConfig(urn: string, news: Record<string, unknown>): Promise<CheckConfigAnswer>;
  /** `DiffConfig`: the kind of change (`DiffResponse.DiffChanges`) and the changed keys. */
  diffConfig(
    urn: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<{ changes: number; diffs: string[] }>;
  /** `Configure` as the engine sends it: `args` (secrets wrapped) and the `swr:config:*` variables. */
  configure(
    args: Record<string, unknown> | undefined,
    variables?: Readonly<Record<string, string>>,
  ): Promise<{ acceptSecrets: boolean }>;
  /** Sends `Cancel`, as the engine does when it shuts down. */
  cancel(): Promise<void>;
  /** Closes the channel and kills the process. */
  stop(): Promise<void>;
}

function unary<T>(
  call: (callback: (error: grpc.ServiceError | null, response: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) =>
    call((error, response) => (error ? reject(error) : resolve(response))),
  );
}

/**
 * Starts a plugin command as the engine does: reads its port from the first stdout line (within
 * `timeoutMs`) and connects an insecure gRPC channel to `127.0.0.1:<port>`.
 */
export async function startPlugin(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 15000,
): Promise<RunningPlugin> {
  const child = spawn(command, [...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => fail(`no port within ${timeoutMs} ms`), timeoutMs);
    function fail(why: string) {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`plugin ${command} ${args.join(" ")}: ${why}; stderr: ${stderr}`));
    }
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      const line = stdout.slice(0, newline).trim();
      if (/^\d+$/.test(line)) resolve(Number(line));
      else fail(`first stdout line is not a port: ${JSON.stringify(line)}`);
    });
    child.once("exit", (code) => fail(`exited with ${code} before printing a port`));
  });
  child.removeAllListeners("exit");

  // The engine accepts messages up to 400 MiB (Pulumi's maxRPCMessageSize); grpc-js defaults to 4 MiB.
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
  });
  return {
    port,
    pid: child.pid as number,
    stderr: () => stderr,
    async getPluginInfo() {
      const info = await unary<PluginInfo>((cb) => client.getPluginInfo(new Empty(), cb));
      return { version: info.getVersion() };
    },
    async getSchema() {
      const response = await unary<GetSchemaResponse>((cb) =>
        client.getSchema(new GetSchemaRequest().setVersion(0), cb),
      );
      return JSON.parse(response.getSchema()) as Record<string, unknown>;
    },
    async invoke(token, invokeArgs) {
      const request = new InvokeRequest()
        .setTok(token)
        .setArgs(Struct.fromJavaScript(invokeArgs as Record<string, JavaScriptValue>));
      const response = await unary<InvokeResponse>((cb) => client.invoke(request, cb));
      return {
        outputs: (response.getReturn()?.toJavaScript() ?? {}) as Record<string, unknown>,
        failures: response
          .getFailuresList()
          .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async checkConfig(urn, news) {
      const request = new CheckRequest()
        .setUrn(urn)
        .setOlds(new Struct())
        .setNews(Struct.fromJavaScript(news as Record<string, JavaScriptValue>));
      const response = await unary<CheckResponse>((cb) => client.checkConfig(request, cb));
      return {
        inputs: (response.getInputs()?.toJavaScript() ?? {}) as Record<string, unknown>,
        failures: response
          .getFailuresList()
          .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async diffConfig(urn, olds, news) {
      const request = new DiffRequest()
        .setUrn(urn)
        .setOlds(Struct.fromJavaScript(olds as Record<string, JavaScriptValue>))
        .setNews(Struct.fromJavaScript(news as Record<string, JavaScriptValue>));
      const response = await unary<DiffResponse>((cb) => client.diffConfig(request, cb));
      return { changes: response.getChanges(), diffs: response.getDiffsList() };
    },
    async configure(args, variables = {}) {
      const request = new ConfigureRequest().setAcceptsecrets(true).setAcceptresources(true);
      if (args !== undefined) request.setArgs(Struct.fromJavaScript(args as Record<string, JavaScriptValue>));
      for (const [key, value] of Object.entries(variables)) request.getVariablesMap().set(key, value);
      const response = await unary<ConfigureResponse>((cb) => client.configure(request, cb));
      return { acceptSecrets: response.getAcceptsecrets() };
    },
    async cancel() {
      await unary<Empty>((cb) => client.cancel(new Empty(), cb));
    },
    async stop() {
      client.close();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
    },
  };
}
