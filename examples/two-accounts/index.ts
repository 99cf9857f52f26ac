import * as pulumi from "@pulumi/pulumi";
import * as swr from "pulumi-swr";

/**
 * An explicit provider for one account, from the stack config namespace `account`:
 * `<account>:region` or `<account>:endpoint`, `<account>:accessKey`, `<account>:secretKey` (secret).
 * The stack's own `swr:*` config is the default provider's and does not reach these.
 */
function accountProvider(account: string): swr.Provider {
  const config = new pulumi.Config(account);
  return new swr.Provider(account, {
    region: config.get("region"),
    endpoint: config.get("endpoint"),
    accessKey: config.require("accessKey"),
    secretKey: config.requireSecret("secretKey"),
  });
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
