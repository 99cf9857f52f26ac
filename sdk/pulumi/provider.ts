import * as pulumi from "@pulumi/pulumi";
import { SECRET_SETTING_NAMES, SETTING_NAMES } from "../client/settings";
import { OutputArgsOf, SwrFunctionSettings } from "./invokeArgs";

/**
 * The settings of an explicit `swr` provider: where and how it reaches SWR. Unset ones come from the
 * plugin's environment (`HW_*`), never from the stack's `swr:*` config, which is the default
 * provider's; a function's own settings arguments override them by group.
 */
export type ProviderArgs = OutputArgsOf<SwrFunctionSettings>;

/**
 * An explicit `swr` provider (`pulumi:providers:swr`): one region or account of its own. Pass it
 * as `{ provider }` to any function, so one stack lists several. Credentials are stored as secrets
 * (encrypted in the state) whether or not they were given as secrets.
 *
 * @example
 * import * as pulumi from "@pulumi/pulumi";
 * import * as swr from "pulumi-swr";
 *
 * const config = new pulumi.Config();
 * const eu = new swr.Provider("eu", {
 *   region: "eu-west-101",
 *   accessKey: config.require("euAccessKey"),
 *   secretKey: config.requireSecret("euSecretKey"),
 * });
 * const euRepos = swr.getRepositoriesOutput({ namespace: "team-a" }, { provider: eu });
 *
 * // Or as Huawei Cloud's own tools hold credentials: a KooCLI profile, which may assume an agency.
 * const prod = new swr.Provider("prod", { profile: "ci-agency" });
 */
export class Provider extends pulumi.ProviderResource {
  /** The Pulumi package this provider belongs to. */
  static readonly __pulumiType = "swr";

  constructor(name: string, args: ProviderArgs = {}, opts: pulumi.ResourceOptions = {}) {
    const inputs: pulumi.Inputs = {};
    for (const setting of SETTING_NAMES) {
      const value = args[setting];
      if (value === undefined) continue;
      inputs[setting] = SECRET_SETTING_NAMES.includes(setting) ? pulumi.secret(value) : value;
    }
    super(Provider.__pulumiType, name, inputs, opts);
  }
}
