import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core";
import { ListReposDetailsRequest, SwrClient } from "@huaweicloud/huaweicloud-sdk-swr";
import { measure, target } from "./common";

interface Row {
  namespace: string;
  name: string;
}

/**
 * (c) Huawei's official SDK as its users page with it: sequentially, 1000 a page, until a short page.
 * `listReposDetails` resolves to the parsed array itself (its declared `body` is not set).
 */
async function main(): Promise<void> {
  const t = target();
  const client = SwrClient.newBuilder()
    .withCredential(
      new BasicCredentials()
        .withAk(t.accessKey)
        .withSk(t.secretKey)
        .withProjectId("0123456789abcdef0123456789abcdef"),
    )
    .withEndpoint(t.url)
    .build();
  await measure(async () => {
    const all: Row[] = [];
    for (let offset = 0; ; offset += 1000) {
      const request = new ListReposDetailsRequest()
        .withLimit("1000")
        .withOffset(String(offset))
        .withOrderColumn("name")
        .withOrderType("asc");
      const page = (await client.listReposDetails(request)) as unknown as Row[];
      all.push(...page);
      if (page.length < 1000) return all;
    }
  });
}

void main();
