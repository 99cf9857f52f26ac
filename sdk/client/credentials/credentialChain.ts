/**
 * Which source gives a client its credentials (a plan, decided when settings are resolved, before any
 * request), and the provider that then hands them out.
 *
 * The sources, first to last, as Huawei's Terraform provider reads them: an IAM token or keys from the
 * caller's settings, the same from the environment, a KooCLI profile (when a file or a profile is
 * named), the ECS/CCE metadata service. When an agency is to be assumed (settings, environment, or the
 * profile's own), what was found is exchanged with IAM and only the agency's credentials reach SWR.
 */
import { createHash } from "node:crypto";
import { ProxySettings } from "../http/proxy";
import { AgencyRole, assumeRole, assumeRoleSource } from "./assumeRole";
import { CredentialProvider, Credentials, fixedCredentials, secretsOf } from "./credentials";
import { metadataCredentials, metadataSource } from "./ecsMetadata";
import { renewingCredentials } from "./renewing";

/** Where a client's credentials come from. */
export type CredentialPlan =
  | {
      readonly kind: "fixed";
      readonly credentials: Credentials;
      /** As messages name it: `settings`, or the profile. */
      readonly source: string;
      /** Whether they came from the settings (or their variables), which then name them in messages. */
      readonly fromSettings: boolean;
    }
  | {
      readonly kind: "metadata";
      readonly endpoint: URL;
      /** Why the metadata service is asked: the profile that says so, or every source found empty. */
      readonly reason: string;
    }
  | {
      readonly kind: "assumeRole";
      readonly role: AgencyRole;
      readonly base: Exclude<CredentialPlan, { kind: "assumeRole" }>;
    };

/** The secrets a plan holds before any request (the keys or token it was given). */
export function planSecrets(plan: CredentialPlan): string[] {
  if (plan.kind === "fixed") return secretsOf(plan.credentials);
  return plan.kind === "assumeRole" ? planSecrets(plan.base) : [];
}

/** Every source a plan asks, for messages: `IAM … with credentials from the ECS metadata service …`. */
export function planSource(plan: CredentialPlan): string {
  if (plan.kind === "fixed") return plan.source;
  if (plan.kind === "metadata") return `${metadataSource(plan.endpoint)} (${plan.reason})`;
  return `${assumeRoleSource(plan.role)}, with credentials from ${planSource(plan.base)}`;
}

/** What a provider needs besides its plan. */
export interface ProviderContext {
  /** Milliseconds since the epoch: signs IAM requests and decides when to renew. */
  readonly clock: () => number;
  /** Proxies for IAM (never for the link-local metadata service). */
  readonly proxy?: ProxySettings;
  /** CA bundle for IAM. */
  readonly ca?: string | Buffer;
}

/**
 * Temporary credentials live as long as the process, keyed by their source, so that a long-running
 * plugin, which builds a client for every invoke, asks the metadata service or IAM once and renews
 * before expiry, instead of asking again on every invoke (IAM limits how often it may be asked).
 * The key is a hash: it never holds a secret itself.
 */
const renewingProviders = new Map<string, CredentialProvider>();

/**
 * The provider for a plan. Fixed credentials are handed out as they are; the metadata service's and
 * an assumed agency's are renewed from their own source (never an agency's from the metadata
 * service: Terraform's mistake).
 */
export function credentialProvider(plan: CredentialPlan, context: ProviderContext): CredentialProvider {
  if (plan.kind === "fixed") return fixedCredentials(plan.credentials, plan.source);
  const key = createHash("sha256")
    .update(JSON.stringify(identityOf(plan, context)))
    .digest("hex");
  let provider = renewingProviders.get(key);
  if (provider === undefined) {
    provider = renewingFor(plan, context);
    renewingProviders.set(key, provider);
  }
  return provider;
}

function renewingFor(
  plan: Exclude<CredentialPlan, { kind: "fixed" }>,
  context: ProviderContext,
): CredentialProvider {
  const source = planSource(plan);
  if (plan.kind === "metadata")
    return renewingCredentials({
      source,
      clock: context.clock,
      obtain: () => metadataCredentials(plan.endpoint, source),
    });
  const base = credentialProvider(plan.base, context);
  return renewingCredentials({
    source,
    clock: context.clock,
    obtain: async () =>
      assumeRole(plan.role, await base.current(), new Date(context.clock()), {
        proxy: context.proxy,
        ca: context.ca,
      }),
    baseSecrets: () => base.secrets(),
  });
}

/** What makes two plans the same source. */
function identityOf(plan: CredentialPlan, context: ProviderContext): unknown {
  if (plan.kind === "fixed") return plan.credentials;
  if (plan.kind === "metadata") return ["metadata", plan.endpoint.href];
  return [
    "assumeRole",
    plan.role.authUrl.href,
    plan.role.agencyName,
    plan.role.domainName,
    plan.role.durationSeconds,
    context.proxy?.http?.href,
    context.proxy?.https?.href,
    identityOf(plan.base, context),
  ];
}
