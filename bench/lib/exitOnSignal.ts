/**
 * Preloaded (`node -r …/exitOnSignal.js`) into a process profiled with `--cpu-prof`: Node writes the
 * profile on a normal exit only, so SIGTERM and SIGINT exit normally.
 */
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => process.exit(0));
