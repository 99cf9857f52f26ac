import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * The layering the README's "How the code is laid out" states, held here: each folder names what it may
 * not import. Import paths are relative, and the folder names below are unique among the source folders
 * (`test/` mirrors them, but a source file reaches it only through `test/`), so a path that climbs
 * (`../`) into one of them is an import of that folder.
 */
const climbsInto = (...folders) => `^(\\.\\./)+(sdk/)?(${folders.join("|")})(/|$)`;
const layer = (files, forbidden, why) => ({
  files,
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: forbidden.map((regex) => ({
          regex,
          message: `Layering (README, How the code is laid out): ${why}`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", ".cache/", "coverage/", "**/node_modules/", "**/bin/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Type-aware rules: a promise left floating, or handed where a callback's result is ignored, is a
    // decision written as `void`, not an accident. The test and bench projects cover every .ts file.
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: {
        project: ["./tsconfig.test.json", "./tsconfig.bench.json"],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  layer(
    ["sdk/client/**/*.ts"],
    [climbsInto("pulumi", "drift", "protocol", "cli", "provider", "emulator", "bench", "test"), "^@pulumi/"],
    "the client core is the bottom layer: it imports no other folder of the project and nothing of Pulumi.",
  ),
  layer(
    ["sdk/protocol/**/*.ts"],
    [climbsInto("pulumi", "drift", "cli", "provider", "emulator", "bench", "test")],
    "the plugin protocol sits on the client core only.",
  ),
  layer(
    ["sdk/drift/**/*.ts"],
    [climbsInto("pulumi", "cli", "provider", "emulator", "bench", "test")],
    "drift reports sit on the client core and the protocol's columns.",
  ),
  layer(
    ["sdk/pulumi/**/*.ts", "sdk/index.ts"],
    [climbsInto("cli", "provider", "emulator", "bench", "test")],
    "what a Pulumi program imports never loads the plugin, the CLI or the emulator.",
  ),
  layer(
    ["provider/**/*.ts"],
    [climbsInto("pulumi", "drift", "cli", "emulator", "bench", "test")],
    "the plugin is thin over the client core and the protocol.",
  ),
  layer(
    ["emulator/**/*.ts"],
    [
      "^(\\.\\./)+sdk/(?!client/http/akskSignature$|client/query/categories$|client/query/organizationName$)",
      climbsInto("cli", "provider", "bench", "test"),
    ],
    "the emulator is a server of its own: of the client it shares only the signature algorithm, the categories and the organization-name rule.",
  ),
  layer(
    ["cli/**/*.ts"],
    [climbsInto("pulumi", "provider", "bench", "test")],
    "the CLI uses the client core, drift reports and the emulator, never the Pulumi surface.",
  ),
);
