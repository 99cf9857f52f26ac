/** The functions the plugin serves: one entry per function, each defined in `functions/`. */
import { getImage } from "./functions/getImage";
import { getRepositories } from "./functions/getRepositories";
import { getRepositoryTags } from "./functions/getRepositoryTags";
import { ProviderFunction } from "./functions/handler";

/** Every function of the plugin, in the order the schema lists them. */
export const FUNCTIONS: readonly ProviderFunction[] = [getRepositories, getRepositoryTags, getImage];
