/**
 * The unit suite (`npm test`), in two projects: `unit`, the inner loop
 * (`npx jest --selectProjects unit`, or `npm run test:unit`), and `soak`, the long listings under
 * faults that the README's reliability table quotes. `npm test` and CI run both.
 *
 * Test files are transpiled without a type check (`isolatedModules` in tsconfig.test.json):
 * `npm run typecheck` checks the whole tree once, instead of ts-jest checking it again per file.
 */
const SOAK = ["<rootDir>/test/**/soak.test.ts", "<rootDir>/test/**/*.soak.test.ts"];

/** @type {import('jest').Config} */
const shared = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json" }] },
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  projects: [
    {
      ...shared,
      displayName: "unit",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "/soak\\.test\\.ts$", "\\.soak\\.test\\.ts$"],
    },
    { ...shared, displayName: "soak", testMatch: SOAK },
  ],
};
