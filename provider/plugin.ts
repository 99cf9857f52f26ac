/**
 * The plugin's handlers: the provider and its config handlers, as the gRPC server serves them.
 * Loaded after the port is printed (see `grpc/server.ts`): this is where the client core comes in.
 */
import type * as grpc from "@grpc/grpc-js";
import { configHandlers } from "./config/configService";
import { providerHandlers } from "./grpc/server";
import { SwrProvider } from "./provider";

/** The handlers of a new provider that reads the plugin's environment. */
export function pluginHandlers(): grpc.UntypedServiceImplementation {
  const provider = new SwrProvider();
  return providerHandlers(provider, configHandlers(provider));
}
