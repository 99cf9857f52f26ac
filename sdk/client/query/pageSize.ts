// Its own file, without zod, so that what names the limit (the CLI's flag table) loads without the rules.
/** The largest page SWR serves. */
export const MAX_PAGE_SIZE = 1000;
