import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core";
import {
  ListReposDetailsRequest,
  ListRepositoryTagsRequest,
  SwrClient,
} from "@huaweicloud/huaweicloud-sdk-swr";
import * as pulumi from "@pulumi/pulumi";
import { PinnedService, renderCompose, renderKubernetes } from "./render";

/**
 * examples/image-paths as a user writes it with Huawei's official SDK instead of pulumi-swr: the
 * same config (namespace, services), the same checks and the same outputs, the organization listed
 * by paging sequentially, 1,000 a page, until a short page, and each image's digest from the tag list.
 * Credentials and endpoint from the environment (`HW_ACCESS_KEY`, `HW_SECRET_KEY`, `HW_SWR_ENDPOINT`).
 */

interface ServiceConfig {
  readonly repository: string;
  readonly tag: string;
  readonly port?: number;
  readonly replicas?: number;
}

/** What `listReposDetails` resolves to at run time (its declared `body` is not set). */
interface Row {
  readonly name: string;
  readonly path: string;
  readonly tags: string[];
}

/** What `listRepositoryTags` resolves to at run time. */
interface TagRow {
  readonly Tag: string;
  readonly digest: string;
}

function fail(message: string): never {
  const error = new pulumi.RunError(message);
  error.stack = message;
  throw error;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) fail(`${name} is not set`);
  return value;
}

const config = new pulumi.Config();
const namespace = config.require("namespace");
const services = config.requireObject<Record<string, ServiceConfig>>("services");

const client = SwrClient.newBuilder()
  .withCredential(
    new BasicCredentials()
      .withAk(env("HW_ACCESS_KEY"))
      .withSk(env("HW_SECRET_KEY"))
      .withProjectId(process.env.HW_PROJECT_ID ?? "0123456789abcdef0123456789abcdef"),
  )
  .withEndpoint(env("HW_SWR_ENDPOINT"))
  .build();

async function listOrganization(): Promise<Row[]> {
  const all: Row[] = [];
  for (let offset = 0; ; offset += 1000) {
    const request = new ListReposDetailsRequest()
      .withNamespace(namespace)
      .withLimit("1000")
      .withOffset(String(offset))
      .withOrderColumn("name")
      .withOrderType("asc");
    const page = (await client.listReposDetails(request)) as unknown as Row[];
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

async function pin(
  repositories: readonly Row[],
  name: string,
  service: ServiceConfig,
): Promise<PinnedService> {
  const repository = repositories.find((r) => r.name === service.repository);
  if (repository === undefined)
    fail(`services.${name}.repository: ${namespace}/${service.repository} is not in SWR`);
  if (!repository.tags.includes(service.tag))
    fail(
      `services.${name}.tag: ${repository.path} has no tag ${service.tag}; it has ${repository.tags.join(", ")}`,
    );
  const tags = (await client.listRepositoryTags(
    new ListRepositoryTagsRequest()
      .withNamespace(namespace)
      .withRepository(repository.name.replace(/\//g, "$"))
      .withTag(service.tag),
  )) as unknown as TagRow[];
  const tag = tags.find((t) => t.Tag === service.tag);
  if (tag === undefined) fail(`services.${name}.tag: ${repository.path}:${service.tag} has no digest`);
  return {
    name,
    image: `${repository.path}@${tag.digest}`,
    source: `${repository.path}:${service.tag}`,
    ...(service.port === undefined ? {} : { port: service.port }),
    replicas: service.replicas ?? 1,
  };
}

async function main(): Promise<PinnedService[]> {
  const repositories = await listOrganization();
  const byName = Object.entries(services).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(byName.map(([name, service]) => pin(repositories, name, service)));
}

const pinned = pulumi.output(main());

export const images = pinned.apply((list) => Object.fromEntries(list.map((s) => [s.name, s.image])));
export const deployment = pinned;
export const compose = pinned.apply(renderCompose);
export const kubernetes = pinned.apply(renderKubernetes);
