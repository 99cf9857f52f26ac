import { InputIssue, SwrInputError } from "../sdk/client/errors";
import type { EmulatorOptions, FaultKind } from "../emulator";
import { CommandContext } from "./context";
import { HELP_FLAG, numberFlag, parseFlags } from "./flags";

/** The help text of `swr-repos emulator`. */
export const EMULATOR_USAGE = `Usage: swr-repos emulator [--host H] [--port P] [--repos N] [--seed S]
                          [--access-key AK --secret-key SK] [--security-token ST] [--token T]
                          [--iam [--credential-seconds S]]
                          [--latency-ms MS] [--fault-rate 0..1] [--fault-kinds throttle,too-many,busy,server,...]
                          [--max-concurrency N] [--unstable-ties] [--mutate-after-pages N] [--exact-name]
                          [--dialect permissive|strict|ignore-order|filter-voids-plain|end-index-range|
                                     no-content-range|limit-100|short-pages|nulls|older-server[,...]]

Starts the SWR emulator and prints one JSON line {"url","accessKey","secretKey","token"}; runs until interrupted.
--security-token makes AK/SK requests carry (and sign) X-Security-Token with that value, as temporary
credentials do (HW_SECURITY_TOKEN); the JSON line then has "securityToken" too.
--iam also plays IAM (assume an agency: POST /v3.0/OS-CREDENTIAL/securitytokens, signed with the keys
above) and the ECS metadata service on the same port; the temporary credentials they issue pass at SWR
until they expire (metadata's after --credential-seconds, default 3600). The JSON line then has
"authUrl" (HW_AUTH_URL) and "metadataEndpoint" (HW_ECS_METADATA_ENDPOINT).
--dialect plays a reading of what SWR's documentation leaves open: strict refuses an undocumented
order_column (400 SVCSTG.SWR.4001025), ignore-order answers it in the default order, filter-voids-plain
lets any filter void every plain namespace/name/category (tag), older-server does not know is_public
(the plain parameter ignored, the filter key refused with 400 SVCSTG.SWR.4001035); permissive (the
default) honours them all. Of the responses: end-index-range writes Content-Range as first-last/total,
no-content-range drops it (repository rows keep total_range), limit-100 refuses a limit above 100
(400 SVCSTG.SWR.4000056), short-pages serves at most 120 rows a page without saying so, nulls writes
empty optional values as null. Readings of different questions combine: --dialect strict,older-server,short-pages,nulls.`;

const EMULATOR_FLAGS = {
  host: { type: "string" },
  port: { type: "string" },
  repos: { type: "string" },
  seed: { type: "string" },
  "access-key": { type: "string" },
  "secret-key": { type: "string" },
  "security-token": { type: "string" },
  token: { type: "string" },
  iam: { type: "boolean" },
  "credential-seconds": { type: "string" },
  "latency-ms": { type: "string" },
  "fault-rate": { type: "string" },
  "fault-kinds": { type: "string" },
  "max-concurrency": { type: "string" },
  "unstable-ties": { type: "boolean" },
  "mutate-after-pages": { type: "string" },
  "exact-name": { type: "boolean" },
  dialect: { type: "string" },
  ...HELP_FLAG,
} as const;

/**
 * Emulator options from flags; bad values are input errors naming the flag. Async: the emulator's
 * modules (which know the fault kinds and the dialects) are loaded only when an emulator is wanted.
 */
async function emulatorOptionsFromFlags(argv: string[]): Promise<EmulatorOptions & { help?: boolean }> {
  const { values } = parseFlags({ args: argv, options: EMULATOR_FLAGS, allowPositionals: false });
  if (values.help) return { help: true };
  const issues: InputIssue[] = [];
  const number = (flag: keyof typeof EMULATOR_FLAGS, max = Number.MAX_SAFE_INTEGER) =>
    numberFlag(flag, values[flag] as string | undefined, issues, { kind: "range", max });
  const kinds = values["fault-kinds"]?.split(",").map((k) => k.trim());
  // The fault kinds and dialects the emulator knows, from the emulator itself (loaded here, when an
  // emulator is wanted).
  const { ALL_FAULT_KINDS, combineDialects } = await import("../emulator");
  const unknown = kinds?.filter((k) => !(ALL_FAULT_KINDS as readonly string[]).includes(k)) ?? [];
  if (unknown.length > 0)
    issues.push({
      field: "--fault-kinds",
      rule: `must name kinds from ${ALL_FAULT_KINDS.join(", ")}; unknown: ${unknown.join(", ")}`,
    });
  const dialect =
    values.dialect === undefined
      ? undefined
      : combineDialects(values.dialect.split(",").map((d) => d.trim()));
  if (typeof dialect === "string") issues.push({ field: "--dialect", rule: dialect });
  const options: EmulatorOptions & { help?: boolean } = {
    host: values.host,
    port: number("port", 65535),
    repos: number("repos", 10_000_000),
    seed: number("seed"),
    accessKey: values["access-key"],
    secretKey: values["secret-key"],
    securityToken: values["security-token"],
    token: values.token,
    iam: values.iam,
    credentialSeconds: number("credential-seconds", 86_400),
    latencyMs: number("latency-ms", 600_000),
    faultRate: number("fault-rate", 1),
    faultKinds: kinds as FaultKind[] | undefined,
    maxConcurrency: number("max-concurrency"),
    unstableTies: values["unstable-ties"],
    mutateAfterPages: number("mutate-after-pages"),
    fuzzyName: values["exact-name"] ? false : undefined,
    dialect: typeof dialect === "string" ? undefined : dialect,
  };
  if (issues.length > 0) throw new SwrInputError(issues);
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/** `swr-repos emulator`: runs until the signal fires (Ctrl-C, SIGTERM). */
export async function emulatorCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { help, ...options } = await emulatorOptionsFromFlags(argv);
  if (help) {
    ctx.stdout.write(EMULATOR_USAGE + "\n");
    return 0;
  }
  // Loaded only here, so that other commands (which import this one's usage text) never load it.
  const { startEmulator } = await import("../emulator");
  const emulator = await startEmulator(options).catch((error: unknown) => {
    throw bindError(error, options) ?? error;
  });
  const { url, accessKey, secretKey, token } = emulator;
  const { securityToken } = options;
  const iam = options.iam ? { authUrl: `${url}/v3`, metadataEndpoint: url } : {};
  ctx.stdout.write(JSON.stringify({ url, accessKey, secretKey, token, securityToken, ...iam }) + "\n");
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await emulator.close();
  return 0;
}

/**
 * A listen failure as an input error naming the flag to change (exit 2, one line): the address is
 * not this machine's or no such host (`--host`), the port is taken or privileged (`--port`).
 */
function bindError(error: unknown, options: EmulatorOptions): SwrInputError | undefined {
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (typeof code !== "string" || (syscall !== "listen" && syscall !== "getaddrinfo")) return undefined;
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  const field = code === "EADDRINUSE" || code === "EACCES" ? "--port" : "--host";
  return new SwrInputError([
    {
      field,
      rule: `cannot listen on ${JSON.stringify(host)} port ${port}: ${code}; give an address of this machine and a free port`,
    },
  ]);
}
