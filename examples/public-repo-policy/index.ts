import * as pulumi from "@pulumi/pulumi";
import * as swr from "pulumi-swr";

const config = new pulumi.Config();

// The organization's repositories, listed into the stack's state; the policy pack in ./policy reads
// `publicRepositories` from it (or, in a preview where the listing is not known yet, lists itself).
// Credentials come from the environment of `pulumi` (HW_*) and never reach the state.
const inventory = new swr.RepositoryInventory("organization", { namespace: config.require("namespace") });

/** How many repositories the organization has. */
export const total = inventory.total;
/** Its public repositories, `namespace/name`: what the policy pack checks. */
export const publicRepositories = inventory.publicRepositories;
