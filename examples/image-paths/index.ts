import * as pulumi from "@pulumi/pulumi";
import * as swr from "pulumi-swr";
import { PinnedService, renderCompose, renderKubernetes } from "./render";

/** One service as the stack config describes it (`pulumi config set --path services.web.tag 1.5.0`). */
interface ServiceConfig {
  /** The repository in the organization, e.g. `web` or `platform/gateway`. */
  readonly repository: string;
  /** The tag to deploy: the stack pins the image it names at deployment, by digest. */
  readonly tag: string;
  /** The port the container listens on. */
  readonly port?: number;
  /** Kubernetes replicas; default 1. */
  readonly replicas?: number;
}

const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Stops the deployment with `message` alone: Pulumi prints a `RunError`'s message without a stack.
 * The stack is dropped as well, because Pulumi 3.248 also formats every uncaught error with
 * `util.inspect(…, { colors: true })`, and on Node 20 that runs for a minute and then fails on the
 * frames that @pulumi/pulumi's source maps place at `node_modules/@pulumi/output.ts`, which every
 * error thrown inside an `apply` has.
 */
function fail(message: string): never {
  const error = new pulumi.RunError(message);
  error.stack = message;
  throw error;
}

const config = new pulumi.Config();
const namespace = config.require("namespace");
const services = config.requireObject<Record<string, ServiceConfig>>("services");

for (const [name, service] of Object.entries(services)) {
  if (!DNS_LABEL.test(name))
    fail(`services.${name}: a service name must be a DNS label (a-z, 0-9, -), as Kubernetes requires`);
  if (typeof service.repository !== "string" || typeof service.tag !== "string")
    fail(`services.${name}: give repository and tag, e.g. {"repository": "web", "tag": "1.5.0"}`);
}

// One listing of the organization: every repository with its pull path and tags, exactly once.
const listing = swr.getRepositoriesOutput({ namespace });

/** The service's repository as SWR lists it; a missing repository or tag fails, naming what there is. */
function findRepository(repositories: readonly swr.Repository[], name: string, service: ServiceConfig) {
  const repository = repositories.find((r) => r.name === service.repository);
  if (repository === undefined)
    fail(
      `services.${name}.repository: ${namespace}/${service.repository} is not in SWR; ` +
        `the organization has ${repositories.map((r) => r.name).join(", ") || "no repositories"}`,
    );
  if (!repository.tags.includes(service.tag))
    fail(
      `services.${name}.tag: ${repository.path} has no tag ${service.tag}; ` +
        `it has ${repository.tags.join(", ") || "no tags"}`,
    );
  return repository;
}

function pin(name: string, service: ServiceConfig): pulumi.Output<PinnedService> {
  // The image is asked for only once the listing has the repository and tag, so a typo fails with
  // the message of findRepository, which names what there is, not with a server's 404.
  return listing.apply(({ repositories }) => {
    const repository = findRepository(repositories, name, service);
    const image = swr.getImageOutput({ namespace, repository: repository.name, tag: service.tag });
    return image.apply((image) => ({
      name,
      image: image.imageRef,
      source: `${repository.path}:${service.tag}`,
      ...(service.port === undefined ? {} : { port: service.port }),
      replicas: service.replicas ?? 1,
    }));
  });
}

// Services by name, so the rendered files do not depend on the order of the config.
const byName = Object.entries(services).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
// With credentials in stack config, everything read with them is secret; image paths and digests are not.
const pinned = pulumi.unsecret(pulumi.all(byName.map(([name, service]) => pin(name, service))));

/** Each service's image, `{path}@{digest}`. */
export const images = pinned.apply((list) => Object.fromEntries(list.map((s) => [s.name, s.image])));
/** Each service: its image, the `{path}:{tag}` it was pinned from, port and replicas. */
export const deployment = pinned;
/** A docker-compose file: `pulumi stack output compose > docker-compose.yml`. */
export const compose = pinned.apply(renderCompose);
/** Kubernetes manifests: `pulumi stack output kubernetes | kubectl apply -f -`. */
export const kubernetes = pinned.apply(renderKubernetes);
