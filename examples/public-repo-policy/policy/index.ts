/*
 * Run it against a stack that holds pulumi-swr RepositoryInventory resources:
 *   (cd policy && npm install)
 *   pulumi preview --policy-pack policy --policy-pack-config allow.json
 * where allow.json is {"swr-no-public-repositories": {"allowedPublicRepositories": ["library/nginx"]}}.
 * In a preview, inventories that have not listed yet are listed by the pack itself, with the
 * credentials in the environment of `pulumi` (HW_ACCESS_KEY and HW_SECRET_KEY, or HW_AUTH_TOKEN).
 */
import { PolicyPack } from "@pulumi/policy";
import { listPublicRepositories } from "./listing";
import { publicRepositoryPolicy } from "./rules";

new PolicyPack("swr-public-repositories", { policies: [publicRepositoryPolicy(listPublicRepositories)] });
