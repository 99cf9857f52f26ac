import * as pulumi from "@pulumi/pulumi";
import { ImageTag } from "../client/model/imageTag";
import { GET_IMAGE_TOKEN } from "../protocol/tokens";
import { functionInvokeArgs, OutputArgsOf, SwrFunctionSettings } from "./invokeArgs";

/**
 * Arguments of {@link getImage}: the repository, exactly one selector — `tag`, `digest` or
 * `latest: true` — and optionally the settings (see {@link SwrFunctionSettings}).
 */
export interface GetImageArgs extends SwrFunctionSettings {
  /** The organization (namespace) of the repository. */
  readonly namespace: string;
  /** The repository name; it may contain `/` (`platform/api`). */
  readonly repository: string;
  /** The image this tag names. */
  readonly tag?: string;
  /**
   * The image with this digest: in full (`sha256:` and 64 hex digits) or its first 12 or more hex
   * digits, with or without `sha256:`. A prefix that matches several images is an error.
   */
  readonly digest?: string;
  /** `true`: the most recently updated image. */
  readonly latest?: boolean;
}

/** {@link GetImageArgs} whose fields may be outputs of other resources. */
export type GetImageOutputArgs = OutputArgsOf<GetImageArgs>;

/**
 * The result of {@link getImage}: the chosen image's tag (with several tags on one image, the most
 * recently updated of them), digest, sizes, times and paths, and `imageRef`, the `path@digest`
 * reference that pins it.
 */
export type GetImageResult = ImageTag;

/**
 * Picks one image of an SWR repository — by tag, by digest, or the most recently updated — and
 * returns it with the `path@digest` reference that pins it, so a deployment keeps running exactly
 * that image whatever is pushed to the tag later. Runs in the `swr` plugin; see
 * {@link SwrFunctionSettings} for where settings come from. Rejects naming the argument when the
 * selector is not exactly one of `tag`, `digest`, `latest: true`, and naming the candidates when
 * no image or several images match.
 *
 * @example
 * import * as swr from "pulumi-swr";
 *
 * const api = await swr.getImage({ namespace: "team-a", repository: "platform/api", tag: "v1.4.2" });
 * // api.imageRef: "swr.ap-southeast-1.myhuaweicloud.com/team-a/platform/api@sha256:…"
 */
export function getImage(args: GetImageArgs, opts?: pulumi.InvokeOptions): Promise<GetImageResult> {
  return pulumi.runtime.invoke(
    GET_IMAGE_TOKEN,
    functionInvokeArgs(GET_IMAGE_TOKEN, args, opts),
    opts,
  ) as Promise<GetImageResult>;
}

/**
 * {@link getImage} as an output: arguments may be outputs, and the result is secret when any
 * argument (a credential from arguments or `swr:*` config, for one) was secret.
 *
 * @example
 * import * as pulumi from "@pulumi/pulumi";
 * import * as swr from "pulumi-swr";
 *
 * const web = swr.getImageOutput({ namespace: "team-a", repository: "web", latest: true });
 * export const webImage = pulumi.unsecret(web.imageRef); // pin it in a container spec
 */
export function getImageOutput(
  args: GetImageOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetImageResult> {
  return pulumi.runtime.invokeOutput(
    GET_IMAGE_TOKEN,
    functionInvokeArgs(GET_IMAGE_TOKEN, args, opts),
    opts,
  ) as pulumi.Output<GetImageResult>;
}
