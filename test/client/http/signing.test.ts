import {
  authorizationHeader,
  canonicalQuery,
  canonicalRequest,
  computeSignature,
  encodeRfc3986,
  formatSdkDate,
  type AccessKeyPair,
  type SignableRequest,
} from "../../../sdk/client/http/akskSignature";
import { officialAuthorization, useTemporaryHome } from "../../support/officialSdk";

/** Huawei's published worked example (API signing guide, "SDK-HMAC-SHA256"). */
const EXAMPLE_KEYS: AccessKeyPair = {
  accessKey: "QTWAOYTTINDUT2QVKYUC",
  secretKey: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
};
const EXAMPLE_DATE = "20191115T033655Z";
const EXAMPLE_HOST = "service.region.example.com";
const EXAMPLE_SIGNATURE = "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe";
const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const HOST = "swr-api.ap-southeast-1.myhuaweicloud.com";
const DATE = "20250612T081530Z";
const PROJECT_ID = "0f5b1a9e3c2d4e6f8a7b9c0d1e2f3a4b";
const JSON_TYPE = { "Content-Type": "application/json" };

describe("our signer against Huawei's published example", () => {
  const request: SignableRequest = {
    method: "GET",
    path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
    query: [
      ["limit", "2"],
      ["marker", "13551d6b-755d-4757-b956-536f674975c0"],
    ],
    headers: { "Content-Type": "application/json", Host: EXAMPLE_HOST, "X-Sdk-Date": EXAMPLE_DATE },
  };

  it("builds the canonical request of the guide", () => {
    expect(canonicalRequest(request, ["content-type", "host", "x-sdk-date"])).toBe(
      [
        "GET",
        "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/",
        "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
        `content-type:application/json\nhost:${EXAMPLE_HOST}\nx-sdk-date:${EXAMPLE_DATE}\n`,
        "content-type;host;x-sdk-date",
        EMPTY_BODY_SHA256,
      ].join("\n"),
    );
  });

  it("produces the published signature and Authorization header", () => {
    const canonical = canonicalRequest(request, ["content-type", "host", "x-sdk-date"]);
    expect(computeSignature(EXAMPLE_KEYS.secretKey, EXAMPLE_DATE, canonical)).toBe(EXAMPLE_SIGNATURE);
    expect(authorizationHeader(request, EXAMPLE_KEYS)).toBe(
      `SDK-HMAC-SHA256 Access=${EXAMPLE_KEYS.accessKey}, SignedHeaders=content-type;host;x-sdk-date, ` +
        `Signature=${EXAMPLE_SIGNATURE}`,
    );
  });

  it("formats X-Sdk-Date in UTC without milliseconds", () => {
    expect(formatSdkDate(new Date(Date.UTC(2019, 10, 15, 3, 36, 55, 987)))).toBe(EXAMPLE_DATE);
  });
});

/** A request to sign both ways: `Host` and `X-Sdk-Date` are added by the test. */
interface SigningCase {
  readonly title: string;
  readonly method?: string;
  /** The decoded path, as the official SDK puts it in its URL and our signer takes it. */
  readonly path: string;
  readonly query?: ReadonlyArray<readonly [string, string]>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Readonly<Record<string, unknown>>;
}

const LIST = "/v2/manage/repos";
const ORDERED_PAGE = (offset: number): Array<[string, string]> => [
  ["limit", "1000"],
  ["offset", String(offset)],
  ["order_column", "name"],
  ["order_type", "asc"],
];

const SAME_AS_OFFICIAL: readonly SigningCase[] = [
  { title: "the list with no query", path: LIST, headers: JSON_TYPE },
  {
    title: "the first ordered page, with X-Project-Id",
    path: LIST,
    query: ORDERED_PAGE(0),
    headers: { ...JSON_TYPE, "X-Project-Id": PROJECT_ID },
  },
  {
    title: "a later ordered page (offset 2000)",
    path: LIST,
    query: ORDERED_PAGE(2000),
    headers: { ...JSON_TYPE, "X-Project-Id": PROJECT_ID },
  },
  {
    title: "a filter with `|`, `::` and `/`",
    path: LIST,
    query: [["filter", "namespace::a|name::b/c"]],
    headers: JSON_TYPE,
  },
  {
    title: "a filter with every key beside plain parameters it overrides",
    path: LIST,
    query: [
      ["filter", "namespace::acme-prod|name::team/api|category::app_server|limit::100|offset::0"],
      ["namespace", "acme"],
      ["order_column", "updated_time"],
      ["order_type", "desc"],
    ],
    headers: JSON_TYPE,
  },
  {
    title: "empty values",
    path: LIST,
    query: [
      ["namespace", ""],
      ["name", ""],
      ["category", "app_server"],
    ],
    headers: JSON_TYPE,
  },
  {
    title: "unicode values, including a surrogate pair",
    path: LIST,
    query: [
      ["name", "业务镜像"],
      ["namespace", "café"],
      ["filter", "name::🐳/ü"],
    ],
    headers: JSON_TYPE,
  },
  {
    title: "values with every character class that needs encoding",
    path: LIST,
    query: [
      ["name", "a b+c=d&e%f#g!h'i(j)k*l~m-n.o_p"],
      ["namespace", ' "<>\\^`{|}[]@$,;?'],
      ["a.b_c-d~e", "unreserved key"],
    ],
    headers: JSON_TYPE,
  },
  {
    title: "a repeated key",
    path: LIST,
    query: [
      ["tag", "v2"],
      ["tag", "v1"],
      ["tag", "latest"],
    ],
    headers: JSON_TYPE,
  },
  {
    title: "the tags path with a repository whose `/` is sent as `$`",
    path: "/v2/manage/namespaces/acme-prod/repos/team$api/tags",
    query: [
      ["limit", "100"],
      ["offset", "0"],
      ["order_column", "updated_at"],
      ["order_type", "desc"],
      ["tag", "1.0.0+build.7"],
    ],
    headers: { ...JSON_TYPE, "X-Project-Id": PROJECT_ID },
  },
  {
    title: "path segments that need encoding (unicode, sub-delimiters)",
    path: "/v2/manage/namespaces/café/repos/镜像:a@b!c*d(e)f+g=h,i;j&k~l/tags",
    headers: JSON_TYPE,
  },
  { title: "a path with a trailing slash", path: `${LIST}/`, query: ORDERED_PAGE(0), headers: JSON_TYPE },
  {
    title: "temporary credentials: X-Security-Token and X-Project-Id",
    path: LIST,
    query: ORDERED_PAGE(1000),
    headers: {
      ...JSON_TYPE,
      "X-Project-Id": PROJECT_ID,
      "X-Security-Token": "gQpjbi1ub3J0aC00+/=Iu3Abc_-xyz",
    },
  },
  {
    title: "a content type with parameters",
    path: LIST,
    headers: { "Content-Type": "application/json;charset=utf-8" },
  },
  { title: "no content type at all", path: LIST, query: ORDERED_PAGE(0) },
  {
    title: "a JSON body",
    method: "POST",
    path: "/v2/manage/namespaces",
    headers: JSON_TYPE,
    body: { namespace: "acme-prod", description: "业务" },
  },
];

function ourRequest(c: SigningCase): SignableRequest {
  return {
    method: c.method ?? "GET",
    path: c.path,
    query: c.query ?? [],
    headers: { Host: HOST, "X-Sdk-Date": DATE, ...c.headers },
    body: c.body === undefined ? undefined : JSON.stringify(c.body),
  };
}

function official(c: SigningCase, keys: AccessKeyPair = EXAMPLE_KEYS): Promise<string> {
  return officialAuthorization(
    {
      method: c.method ?? "GET",
      url: `https://${HOST}${c.path}`,
      query: c.query ?? [],
      headers: { "X-Sdk-Date": DATE, ...c.headers },
      data: c.body,
    },
    keys,
  );
}

describe("our signer against the official @huaweicloud/huaweicloud-sdk-core AKSKSigner", () => {
  useTemporaryHome();

  it("reproduces the published example too (the reference is sound)", async () => {
    const authorization = await officialAuthorization(
      {
        method: "GET",
        url: `https://${EXAMPLE_HOST}/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs`,
        query: [
          ["limit", "2"],
          ["marker", "13551d6b-755d-4757-b956-536f674975c0"],
        ],
        headers: { "content-type": "application/json", "X-Sdk-Date": EXAMPLE_DATE },
      },
      EXAMPLE_KEYS,
    );
    expect(authorization).toContain(`Signature=${EXAMPLE_SIGNATURE}`);
  });

  it.each(SAME_AS_OFFICIAL.map((c) => [c.title, c] as const))(
    "gives the same Authorization header for %s, on every call",
    async (_title, c) => {
      const ours = authorizationHeader(ourRequest(c), EXAMPLE_KEYS);
      expect(await official(c)).toBe(ours);
      // Neither signer keeps state between calls (the official one sorts repeated values in place).
      expect(authorizationHeader(ourRequest(c), EXAMPLE_KEYS)).toBe(ours);
      expect(await official(c)).toBe(ours);
    },
  );

  it("depends on the secret key", async () => {
    const c = SAME_AS_OFFICIAL[1];
    const keys = { ...EXAMPLE_KEYS, secretKey: EXAMPLE_KEYS.secretKey.replace(/.$/, "x") };
    const ours = authorizationHeader(ourRequest(c), keys);
    expect(ours).not.toBe(authorizationHeader(ourRequest(c), EXAMPLE_KEYS));
    expect(await official(c, keys)).toBe(ours);
  });

  it("percent-encodes every ASCII character and sampled unicode exactly as the official urlEncode", async () => {
    const { AKSKSigner } = await import("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner");
    // `urlEncode` is protected in the SDK's typings; it is the encoder for path segments, keys and values.
    const officialEncode = (AKSKSigner as unknown as { urlEncode(value: string): string }).urlEncode.bind(
      AKSKSigner,
    );
    const samples = [
      ...Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)),
      "é",
      "ß",
      "业",
      "\u07ff",
      "\u0800",
      "\uffff",
      "🐳",
      "namespace::a|name::b/c",
    ];
    for (const sample of samples)
      expect([sample, encodeRfc3986(sample)]).toEqual([sample, officialEncode(sample)]);
  });
});

describe("repeated query keys", () => {
  useTemporaryHome();

  it("sort by raw value before encoding, as the official signer does", async () => {
    const c: SigningCase = {
      title: "repeated key",
      path: LIST,
      query: [
        ["tag", "a:b"],
        ["tag", "a-b"],
      ],
      headers: JSON_TYPE,
    };
    expect(canonicalQuery(c.query ?? [])).toBe("tag=a-b&tag=a%3Ab");
    expect(await official(c)).toBe(authorizationHeader(ourRequest(c), EXAMPLE_KEYS));
  });
});

describe("where the official Node signer differs from ours", () => {
  useTemporaryHome();

  it("trims signed header values, where the official signer signs them untrimmed", async () => {
    // HTTP drops leading and trailing whitespace from header values on the wire (RFC 9110 §5.5), so
    // the gateway can only verify the trimmed value; the official Node signer signs the raw one.
    const padded: SigningCase = {
      title: "padded",
      path: LIST,
      headers: { ...JSON_TYPE, "X-Project-Id": ` ${PROJECT_ID} ` },
    };
    const trimmed: SigningCase = { ...padded, headers: { ...JSON_TYPE, "X-Project-Id": PROJECT_ID } };
    const ours = authorizationHeader(ourRequest(padded), EXAMPLE_KEYS);
    expect(ours).toBe(authorizationHeader(ourRequest(trimmed), EXAMPLE_KEYS));
    expect(await official(trimmed)).toBe(ours);
    expect(await official(padded)).not.toBe(ours);
  });

  it("encodes a path segment once, where the official signer double-encodes characters url.parse escapes", async () => {
    // The official signer reads the path through Node's legacy `url.parse`, which percent-escapes
    // space, quotes, `<>\^{|}` and backtick; it then encodes the `%` again (`|` → `%7C` → `%257C`).
    // SWR organization and repository names cannot hold these characters, so no SWR request is affected.
    const c: SigningCase = {
      title: "escaped by url.parse",
      path: "/v2/manage/namespaces/a|b c/repos",
      headers: JSON_TYPE,
    };
    const ours = ourRequest(c);
    expect(canonicalRequest(ours, ["content-type", "host", "x-sdk-date"]).split("\n")[1]).toBe(
      "/v2/manage/namespaces/a%7Cb%20c/repos/",
    );
    expect(await official(c)).not.toBe(authorizationHeader(ours, EXAMPLE_KEYS));
    const doubleEncoded = ourRequest({ ...c, path: "/v2/manage/namespaces/a%7Cb%20c/repos" });
    expect(await official(c)).toBe(authorizationHeader(doubleEncoded, EXAMPLE_KEYS));
  });
});
