#!/usr/bin/env node
/**
 * The `swr` resource-provider plugin. The engine starts it (through the `pulumi-resource-swr`
 * launcher at the package root) with the engine's address as argument; it prints its gRPC port on
 * the first stdout line and serves until the engine hangs up.
 */
import { main } from "@pulumi/pulumi/provider";
import { serveProviderConfig } from "./config/configService";
import { useFastInvokeEncoding } from "./grpc/invokeEncoding";
import { SwrProvider } from "./provider";

useFastInvokeEncoding();
const provider = new SwrProvider();
const checkRegistered = serveProviderConfig(provider);

main(provider, process.argv.slice(2))
  .then(checkRegistered)
  .catch((error: unknown) => {
    console.error(
      `pulumi-resource-swr: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  });
