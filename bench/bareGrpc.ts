import * as grpc from "@grpc/grpc-js";

/**
 * The floor of a plugin's start: a bare Node gRPC server that loads @grpc/grpc-js, binds port 0 on
 * loopback and prints the port, as a Pulumi plugin announces itself. Serves nothing; runs until killed.
 */
const server = new grpc.Server();
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(`${port}\n`);
});
