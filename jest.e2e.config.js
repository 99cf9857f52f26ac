/**
 * The end-to-end suite: the examples run by the real Pulumi CLI against the emulator
 * (`npm run test:e2e`). One file at a time (--runInBand): each drives several CLI processes.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test-e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "test-e2e/tsconfig.json" }] },
  // A cold build of the Pulumi CLI (scripts/ensure-pulumi.sh) takes up to ~17 minutes; one example ~3.
  testTimeout: 30 * 60 * 1000,
  maxWorkers: 1,
};
