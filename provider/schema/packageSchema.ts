/** The package schema the plugin serves, built from the registered functions, the named types and the settings table. */
import { FUNCTIONS } from "../servedFunctions";
import { PackageSpec, settingProperties } from "./spec";
import { TYPES } from "./types";

/** The package schema the plugin serves: the functions, their types, and the `swr:*` config. */
export function packageSchema(version: string): PackageSpec {
  return {
    name: "swr",
    displayName: "Huawei Cloud SWR",
    version,
    description: "The complete, exact, typed list of Huawei Cloud SWR image repositories.",
    keywords: ["pulumi", "huaweicloud", "swr", "container registry", "category/cloud", "kind/native"],
    license: "Apache-2.0",
    publisher: "pulumi-swr",
    config: { variables: settingProperties(" Stack config `swr:<name>`: the default provider's setting.") },
    provider: {
      description:
        "The `swr` provider: where and how to reach SWR. The default provider takes its settings from the stack's " +
        "`swr:*` config; an explicit one (to list two regions or accounts in one stack) from its inputs. A function's " +
        "own settings arguments come first, the plugin's environment (`HW_*`) last.",
      inputProperties: settingProperties(" Overridden by a function's own settings arguments."),
    },
    types: TYPES,
    functions: Object.fromEntries(FUNCTIONS.map((fn) => [fn.token, fn.spec])),
    language: {
      nodejs: {
        packageName: "pulumi-swr",
        packageDescription:
          "The complete, exact, typed list of Huawei Cloud SWR image repositories for Pulumi",
        dependencies: { "@pulumi/pulumi": "^3.0.0" },
        respectSchemaVersion: true,
      },
    },
  };
}
