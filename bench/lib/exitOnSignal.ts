import { writeFileSync } from "node:fs";

/**
 * Preloaded (`node -r …/exitOnSignal.js`) into a process profiled with `--cpu-prof`: Node writes the
 * profile on a normal exit only, so SIGTERM and SIGINT exit normally. With `BENCH_MODULE_CENSUS=FILE`
 * it also writes the files of every CommonJS module loaded by then to FILE (a JSON array).
 */
const census = process.env.BENCH_MODULE_CENSUS;
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => {
    if (census) writeFileSync(census, JSON.stringify(Object.keys(require.cache)));
    process.exit(0);
  });
