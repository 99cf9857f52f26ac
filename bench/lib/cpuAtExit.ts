/**
 * Preloaded into the CLI contender (`node --require …/cpuAtExit.js swr-repos …`): at exit it writes
 * the process's CPU time and peak RSS as one JSON line to file descriptor 3, which the bench opens
 * as a pipe. The CLI's stdout is its listing, so the figures cannot go there.
 */
import { writeSync } from "node:fs";

process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  const line = JSON.stringify({
    cpuMs: (user + system) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  });
  writeSync(3, line + "\n");
});
