import * as pulumi from "@pulumi/pulumi";
import * as swr from "pulumi-swr";

const config = new pulumi.Config();
/** The organization to watch; without it, every repository the credentials can list. */
const namespace = config.get("namespace");

// Lists when created; `pulumi refresh` lists again and shows what changed in the registry since the
// last `pulumi up`, which accepts it. Credentials come from the environment of `pulumi` (HW_*) on
// every run and never reach the state.
const inventory = new swr.RepositoryInventory("registry", { namespace });

/** How many repositories the last `pulumi up` listed. */
export const total = inventory.total;
/** Changes exactly when the listing does: compare it between deployments. */
export const fingerprint = inventory.fingerprint;
/** The public ones, `namespace/name`. */
export const publicRepositories = inventory.publicRepositories;
