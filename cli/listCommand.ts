import { CommandContext, progressReporter } from "./context";
import { CONNECTION_FLAGS, HELP_FLAG, OUTPUT_FLAGS, parseFlags, QUERY_FLAGS, requireChoice } from "./flags";
import { FORMATS, Format } from "./formats";

/** The help text of `swr-repos list`. */
export const LIST_USAGE = `Usage: swr-repos list [--namespace NS] [--name N] [--category C] [--is-public true|false]
                      [--filter 'namespace::x|name::y|category::c|order_column::name|order_type::asc']
                      [--order-column updated_at|updated_time|name|tag_count|namespace|is_public --order-type asc|desc]
                      [--limit N --offset N] [--format table|json|csv] [--endpoint URL] [--region R] [--ca-bundle PEM]
                      [--profile NAME] [--proxy URL] [--deadline SECONDS] [--debug]

Lists SWR image repositories: the complete set, or with --limit/--offset one page.
Credentials from HW_ACCESS_KEY/HW_SECRET_KEY (HW_SECURITY_TOKEN) or HW_AUTH_TOKEN, else the KooCLI profile
--profile or HW_PROFILE names (in HW_SHARED_CONFIG_FILE, default ~/.hcloud/config.json), else the ECS metadata
service; HW_ASSUME_ROLE_AGENCY_NAME/HW_ASSUME_ROLE_DOMAIN_NAME assume an agency with them. Project from
HW_PROJECT_ID; endpoint from --endpoint, HW_SWR_ENDPOINT, --region or HW_REGION_NAME (or the profile's region).
With nothing configured it lists the built-in emulator. --proxy (else HTTPS_PROXY/HTTP_PROXY, with NO_PROXY) sends requests through a proxy.
--deadline bounds the whole listing (default 120 s; 0 for none). --debug (or SWR_DEBUG=1) logs each
request on stderr, secrets redacted.`;

const LIST_FLAGS = { ...QUERY_FLAGS, ...CONNECTION_FLAGS, ...OUTPUT_FLAGS, ...HELP_FLAG } as const;

/** `swr-repos list`. */
export async function listCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags({ args: argv, options: LIST_FLAGS, allowPositionals: false });
  if (values.help) {
    ctx.stdout.write(LIST_USAGE + "\n");
    return 0;
  }
  const format = requireChoice<Format>("--format", values.format ?? "table", FORMATS);
  // The query rules (zod), the client (undici) and the renderer load only once a listing will run,
  // so that --help and a bad flag answer at Node's own start-up time.
  const [{ queryFromFlags }, { withClient }, { renderRepositories, writeChunks }] = await Promise.all([
    import("./repositoryQueryFlags"),
    import("./connection"),
    import("./render"),
  ]);
  const query = queryFromFlags(values);
  return withClient(values, ctx, async (client, options) => {
    const listing = await client.listRepositories(query, {
      ...options,
      onProgress: progressReporter(ctx),
    });
    await writeChunks(ctx.stdout, renderRepositories(listing.repositories, format), ctx.signal);
    return 0;
  });
}
