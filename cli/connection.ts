import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  debugFromEnv,
  InputIssue,
  ListOptions,
  SETTING_NAMES,
  SETTINGS,
  SwrClient,
  SwrClientOptions,
  SwrInputError,
} from "../sdk/client";
import { PROXY_ENV } from "../sdk/client/settings";
import type { RunningEmulator } from "../emulator";
import { CommandContext } from "./context";
import { numberFlag } from "./flags";

/**
 * From the connection flags to a client: where SWR is (or the built-in emulator, when nothing says),
 * how to reach it (CA bundle, proxy), and how long a command may take.
 */

/** Settings from flags (env fills the rest inside the client). */
export interface FlagSettings {
  readonly endpoint?: string;
  readonly region?: string;
  /** The KooCLI profile to take credentials (and a region and project id) from; `HW_PROFILE` otherwise. */
  readonly profile?: string;
  /** A PEM file of CA certificates to trust instead of Node's defaults (private clouds). */
  readonly "ca-bundle"?: string;
  /** Proxy URL; `HTTPS_PROXY`/`HTTP_PROXY` otherwise. */
  readonly proxy?: string;
  /** Seconds the whole command may take (default {@link DEFAULT_DEADLINE_SECONDS}; 0 for none). */
  readonly deadline?: string;
}

/**
 * A CLI listing's deadline by default, in seconds: a server that trickles or never finishes fails
 * within it, rather than after every retry of every request has run out its own time limit.
 */
export const DEFAULT_DEADLINE_SECONDS = 120;

/** Reads `--deadline SECONDS`; anything but a whole number is an input error naming the flag. */
export function deadlineMs(flag: string | undefined): number | undefined {
  const issues: InputIssue[] = [];
  const seconds = numberFlag("deadline", flag ?? String(DEFAULT_DEADLINE_SECONDS), issues, {
    kind: "whole",
    unit: "of seconds (0 for none)",
  });
  if (seconds === undefined) throw new SwrInputError(issues);
  return seconds === 0 ? undefined : seconds * 1000;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * Reads `--ca-bundle`: a readable PEM file holding at least one certificate, each of which parses.
 * Anything else is an input error naming the flag, before any request: a bundle of nothing would
 * otherwise fail every request with a certificate error that blames the server.
 */
function caBundle(file: string | undefined): Pick<SwrClientOptions, "transport"> {
  if (file === undefined) return {};
  const issue = (rule: string) => new SwrInputError([{ field: "--ca-bundle", rule }]);
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (error) {
    throw issue(`must be a readable PEM file: ${(error as Error).message}`);
  }
  const certificates = pem.match(PEM_CERTIFICATE) ?? [];
  if (certificates.length === 0)
    throw issue(`must hold at least one PEM certificate (-----BEGIN CERTIFICATE-----); ${file} holds none`);
  certificates.forEach((certificate, index) => {
    try {
      new X509Certificate(certificate);
    } catch {
      throw issue(
        `certificate ${index + 1} of ${certificates.length} in ${file} is not a valid X.509 certificate`,
      );
    }
  });
  return { transport: { ca: pem } };
}

/**
 * True when neither a flag nor any `HW_*` / `HUAWEICLOUD_SDK_*` variable says where or who (a
 * profile, an agency or a cloud counts: each is meant for a real registry). The metadata service is
 * not asked then: a newcomer's laptop has none, and the emulator is what they came to see.
 */
function nothingConfigured(flags: FlagSettings, env: NodeJS.ProcessEnv): boolean {
  if (flags.endpoint || flags.region || flags.profile) return false;
  // A proxy says how to reach a registry, not which one: alone, it still means the emulator.
  const located = SETTING_NAMES.filter((name) => SETTINGS[name].group !== "proxy");
  return located.every((name) => SETTINGS[name].env.every((variable) => !env[variable]));
}

/**
 * The settings a command uses. With nothing configured, a newcomer still sees the product work:
 * the built-in emulator starts in-process and the command talks to it (said on stderr).
 */
async function commandSettings(
  flags: FlagSettings,
  ctx: CommandContext,
): Promise<{ settings: SwrClientOptions; emulator?: RunningEmulator }> {
  if (!nothingConfigured(flags, ctx.env))
    return {
      settings: {
        endpoint: flags.endpoint,
        region: flags.region,
        profile: flags.profile,
        proxy: flags.proxy,
        ...caBundle(flags["ca-bundle"]),
      },
    };
  // Loaded only here: a run against a configured registry never needs the emulator's modules.
  const { startEmulator } = await import("../emulator");
  const emulator = await startEmulator();
  ctx.stderr.write(
    `swr-repos: no SWR endpoint or credentials configured (HW_REGION_NAME, HW_ACCESS_KEY, ...); ` +
      `using the built-in emulator at ${emulator.url}\n`,
  );
  return { settings: { endpoint: emulator.url, authToken: emulator.token }, emulator };
}

/** The environment without proxy variables: the in-process emulator is reached directly. */
function withoutProxies(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const direct = { ...env };
  for (const name of Object.values(PROXY_ENV).flat()) delete direct[name];
  return direct;
}

/**
 * Runs `use` with a client for the command's settings (the built-in emulator when nothing is
 * configured) and the options of its listing (Ctrl-C, `--deadline`), closing both afterwards.
 */
export async function withClient(
  values: FlagSettings & { readonly debug?: boolean },
  ctx: CommandContext,
  use: (client: SwrClient, listing: ListOptions) => Promise<number>,
): Promise<number> {
  const listing: ListOptions = { signal: ctx.signal, deadlineMs: deadlineMs(values.deadline) };
  const { settings, emulator } = await commandSettings(values, ctx);
  const client = new SwrClient({
    ...settings,
    env: emulator ? withoutProxies(ctx.env) : ctx.env,
    // --debug, or SWR_DEBUG=1: each request on stderr, secrets redacted by the client.
    debug: debugFromEnv(ctx.env, ctx.stderr, values.debug === true),
  });
  try {
    return await use(client, listing);
  } finally {
    await client.close();
    await emulator?.close();
  }
}
