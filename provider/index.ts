#!/usr/bin/env node
/**
 * The `swr` resource-provider plugin. The engine starts it (through the `pulumi-resource-swr`
 * launcher at the package root) with the engine's address as argument; it prints its gRPC port on
 * the first stdout line and serves until the engine hangs up.
 */
import { serveProvider } from "./grpc/server";

serveProvider(async () => (await import("./plugin")).pluginHandlers()).catch((error: unknown) => {
  console.error(
    `pulumi-resource-swr: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
