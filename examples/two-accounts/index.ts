import * as pulumi from "@pulumi/pulumi";
import * as swr from "pulumi-swr";

/**
 * An explicit provider for one account, from the stack config namespace `account`: any setting of
 * the `swr` provider, e.g. `<account>:region` and `<account>:accessKey`, `<account>:secretKey`
 * (secret), or `<account>:profile` (a KooCLI profile, which may assume an agency). The stack's own
 * `swr:*` config is the default provider's and does not reach these.
 */
function accountProvider(account: string): swr.Provider {
  const config = new pulumi.Config(account);
  const args = Object.fromEntries(
    swr.SETTING_NAMES.flatMap((name) => {
      const value = swr.SETTINGS[name].secret ? config.getSecret(name) : config.get(name);
      return value === undefined ? [] : [[name, value]];
    }),
  ) as swr.ProviderArgs;
  return new swr.Provider(account, args);
}

const namespace = new pulumi.Config().get("namespace") ?? "shop";
const prod = swr.getRepositoriesOutput({ namespace }, { provider: accountProvider("prod") });
const staging = swr.getRepositoriesOutput({ namespace }, { provider: accountProvider("staging") });

/** The repositories each account holds in the organization. */
export const totals = { prod: prod.total, staging: staging.total };
export const prodImages = prod.imageRefs;
export const stagingImages = staging.imageRefs;
/** `path:tag` of every image staging has and production lacks: what a promotion would copy. */
export const notYetInProd = pulumi.all([prod.imageRefs, staging.imageRefs]).apply(([inProd, inStaging]) => {
  const promoted = new Set(inProd.map((ref) => ref.replace(/^[^/]+\//, "")));
  return inStaging.filter((ref) => !promoted.has(ref.replace(/^[^/]+\//, "")));
});
