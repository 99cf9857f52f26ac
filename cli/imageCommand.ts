import { SwrSelectionError } from "../sdk/client/errors";
import { escapeControls } from "../sdk/client/untrustedText";
import { CommandContext } from "./context";
import {
  commandLineError,
  CONNECTION_FLAGS,
  HELP_FLAG,
  OUTPUT_FLAGS,
  parseFlags,
  requireChoice,
} from "./flags";
import { onePositional, parseImageReference } from "./repositoryArgument";

/** The help text of `swr-repos image`. */
export const IMAGE_USAGE = `Usage: swr-repos image NAMESPACE/REPOSITORY[:TAG|@DIGEST] [--format text|json]
                       [--endpoint URL] [--region R] [--debug]

Picks one image and prints the reference that pins it, path@digest (--format json: all its fields):
the image TAG names, the image DIGEST names (in full or its first 12 or more hex digits), or with
neither the most recently updated. Exit status: 0 found; 2 invalid input (nothing is requested);
1 an API or network failure, or no single image matched (no such tag or digest, a digest prefix of
several images, several images updated last), with the candidates listed. Settings and --debug as
for list.`;

/** Output formats of `swr-repos image`. */
const IMAGE_FORMATS = ["text", "json"] as const;

const IMAGE_FLAGS = { ...CONNECTION_FLAGS, ...OUTPUT_FLAGS, ...HELP_FLAG } as const;

const IMAGE_FIELD_NAMES: Readonly<Record<string, string>> = {
  namespace: "NAMESPACE",
  repository: "REPOSITORY",
  tag: "TAG",
  digest: "DIGEST",
};

/** `swr-repos image`. */
export async function imageCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseFlags({ args: argv, options: IMAGE_FLAGS, allowPositionals: true });
  if (values.help) {
    ctx.stdout.write(IMAGE_USAGE + "\n");
    return 0;
  }
  const format = requireChoice("--format", values.format ?? "text", IMAGE_FORMATS);
  const { namespace, repository, selector } = parseImageReference(
    onePositional(positionals, "NAMESPACE/REPOSITORY[:TAG|@DIGEST]"),
  );
  // The selection rules (zod), the client (undici) and the renderer load only for a request.
  const [{ findImage, imageRequestIssues }, { withClient }, { renderJson }] = await Promise.all([
    import("../sdk/client/imageSelection"),
    import("./connection"),
    import("./render"),
  ]);
  const issues = imageRequestIssues(namespace, repository, selector);
  if (issues.length > 0) throw commandLineError(issues, IMAGE_FIELD_NAMES);
  return withClient(values, ctx, async (client, options) => {
    try {
      const image = await findImage(client, namespace, repository, selector, options);
      ctx.stdout.write(format === "json" ? renderJson(image) : escapeControls(image.imageRef) + "\n");
      return 0;
    } catch (error) {
      // The request was valid; the registry holds no single match. Not exit 2, which promises no request.
      if (!(error instanceof SwrSelectionError)) throw error;
      ctx.stderr.write(`swr-repos: ${error.rule}\n`);
      return 1;
    }
  });
}
