import type { InvokeResult, Provider } from "@pulumi/pulumi/provider";
import { SettingValues } from "../sdk/client/settings";
import { ConfigurableProvider } from "./config/configService";
import { FUNCTIONS } from "./servedFunctions";
import { InvokeHandler } from "./functions/handler";
import { plainArgs } from "./grpc/rpcValues";
import { packageSchema } from "./schema/packageSchema";
import { packageVersion } from "./version";

/** The functions this plugin serves, by token. */
const HANDLERS: ReadonlyMap<string, InvokeHandler> = new Map(FUNCTIONS.map((fn) => [fn.token, fn.invoke]));

/** How to build a provider; tests inject the environment. */
export interface SwrProviderOptions {
  /** Environment settings fall back to (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Version reported to the engine and in the schema (default this package's). */
  readonly version?: string;
}

/**
 * The `swr` resource provider: serves the package schema and dispatches invokes by token to their
 * handlers. Its settings are those `Configure` gave (the `swr:*` stack config of the default
 * provider, or an explicit provider's inputs; see `config/configService.ts`); an invoke's own settings
 * come first, and the plugin's environment fills the gaps.
 */
export class SwrProvider implements Provider, ConfigurableProvider {
  readonly version: string;
  readonly #env: NodeJS.ProcessEnv;
  #configured: SettingValues<string> = {};
  readonly #cancelled = new AbortController();

  constructor(options: SwrProviderOptions = {}) {
    this.version = options.version ?? packageVersion();
    this.#env = options.env ?? process.env;
  }

  async getSchema(): Promise<string> {
    return JSON.stringify(packageSchema(this.version));
  }

  /** The settings of this provider instance, from `Configure`; each call replaces the last. */
  configure(settings: SettingValues<string>): void {
    this.#configured = settings;
  }

  async invoke(token: string, inputs: unknown): Promise<InvokeResult> {
    const handler = HANDLERS.get(token);
    if (handler === undefined)
      throw new Error(
        `swr: unknown function "${token}"; this plugin serves ${[...HANDLERS.keys()].join(", ")}`,
      );
    // The server hands over the request's Struct as an object; only its values need unwrapping.
    const args = plainArgs(inputs) as Record<string, unknown>;
    return handler(args, { configured: this.#configured, env: this.#env, signal: this.#cancelled.signal });
  }

  /** The engine is shutting down: abort listings in flight. */
  async cancel(): Promise<void> {
    this.#cancelled.abort(new Error("the engine cancelled the plugin's operations"));
  }
}
