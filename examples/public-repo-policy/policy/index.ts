/*
 * Run it against a stack that holds pulumi-swr RepositoryInventory resources:
 *   (cd policy && npm install)
 *   pulumi preview --policy-pack policy --policy-pack-config allow.json
 * where allow.json is {"swr-no-public-repositories": {"allowedPublicRepositories": ["library/nginx"]}}.
 */
import { PolicyPack } from "@pulumi/policy";
import { noPublicRepositories } from "./rules";

new PolicyPack("swr-public-repositories", { policies: [noPublicRepositories] });
