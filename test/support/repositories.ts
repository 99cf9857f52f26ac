import type { WireRepository } from "../../emulator";

/**
 * A repository as SWR sends it, holding `tags`: for tag listings larger than the seeded data has
 * (the emulator derives each tag's digest and times from the repository alone).
 */
export function repositoryWithTags(namespace: string, name: string, tags: string[]): WireRepository {
  const ref = `${namespace}/${name}`;
  return {
    name,
    category: "app_server",
    description: "",
    size: 2 ** 40,
    is_public: false,
    num_images: tags.length,
    num_download: 0,
    created_at: "2021-03-04T05:06:07.123456Z",
    updated_at: "2025-01-02T03:04:05.654321Z",
    logo: "",
    url: "",
    path: `swr.ap-southeast-1.myhuaweicloud.com/${ref}`,
    internal_path: `100.125.0.198:20202/${ref}`,
    domain_name: `hwc_tenant_${namespace}`,
    namespace,
    tags,
    status: true,
    total_range: 0,
  };
}

/** `v0` … `v{count - 1}`. */
export function numberedTags(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `v${i}`);
}
