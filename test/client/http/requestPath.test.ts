import { AdaptiveConcurrency } from "../../../sdk/client/http/adaptiveConcurrency";
import { checkingStatus } from "../../../sdk/client/http/status";
import { compose, type Interceptor, type Send, type SwrRequest } from "../../../sdk/client/http/chain";
import { counting } from "../../../sdk/client/http/count";
import { exponentialBackoff } from "../../../sdk/client/http/retryPolicy";
import { gatedBy } from "../../../sdk/client/http/gate";
import { resolveSettings, SwrAbortError, SwrApiError, SwrNetworkError } from "../../../sdk/client";
import { retrying } from "../../../sdk/client/http/retry";
import { authenticating } from "../../../sdk/client/http/authenticating";
import { type HttpRequest, type HttpResponse, type Transport } from "../../../sdk/client/http/transport";

const settings = resolveSettings(
  { endpoint: "https://swr-api.example.test", accessKey: "AK", secretKey: "SK" },
  {},
);

function ok(body = "[]"): HttpResponse {
  return { status: 200, headers: {}, body, requestId: "ok" };
}

/** A wire that answers from `responses` in turn and records every request it is handed. */
function scriptedWire(...responses: HttpResponse[]): { wire: Transport; sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  const wire: Transport = async (request) => {
    sent.push(request);
    return responses[Math.min(sent.length, responses.length) - 1];
  };
  return { wire, sent };
}

function asText(): SwrRequest<string> {
  return { path: "/v2/manage/repos", query: [["limit", "1"]], read: (response) => response.body };
}

const noWait = { sleep: async () => undefined, random: () => 0 };
const strategy = (now: () => number) => ({
  policy: exponentialBackoff({}, noWait.random),
  now,
  sleep: noWait.sleep,
});

describe("compose", () => {
  test("the first interceptor is the outermost: requests meet them in order, responses in reverse", async () => {
    const seen: string[] = [];
    const tag =
      (name: string): Interceptor =>
      (next) =>
      async (request, signal) => {
        seen.push(`${name} →`);
        const value = await next(request, signal);
        seen.push(`${name} ←`);
        return value;
      };
    const end: Send = async (request) => {
      seen.push("end");
      return request.read(ok("body"));
    };
    expect(await compose(tag("a"), tag("b"))(end)(asText())).toBe("body");
    expect(seen).toEqual(["a →", "b →", "end", "b ←", "a ←"]);
  });

  test("with no interceptors it is the send it was given", () => {
    const end: Send = async (request) => request.read(ok());
    expect(compose()(end)).toBe(end);
  });
});

describe("the request path's order", () => {
  test("every retry attempt is counted and signed afresh, at the clock's time then", async () => {
    let now = Date.parse("2026-12-02T10:00:00Z");
    const clock = () => (now += 60_000);
    const { wire, sent } = scriptedWire({ status: 503, headers: {}, body: "{}" }, ok("done"));
    let requests = 0;
    const send = compose(
      retrying(strategy(clock)),
      counting(() => requests++),
      checkingStatus(clock),
    )(authenticating(settings, clock)(wire));
    expect(await send(asText())).toBe("done");
    expect(requests).toBe(2);
    const dates = sent.map((request) => request.headers["X-Sdk-Date"]);
    expect(dates).toHaveLength(2);
    expect(dates[0]).not.toBe(dates[1]);
    expect(sent.map((request) => request.headers.Authorization)).not.toContain(undefined);
  });

  test("a response its read refuses as cut short is retried like a reset", async () => {
    const { wire, sent } = scriptedWire(ok('[{"name":'), ok("[1]"));
    const send = compose(retrying(strategy(Date.now)))(authenticating(settings, Date.now)(wire));
    const read = (response: HttpResponse) => {
      if (response.body.endsWith(":")) throw new SwrNetworkError("cut short");
      return JSON.parse(response.body) as unknown;
    };
    expect(await send({ ...asText(), read })).toEqual([1]);
    expect(sent).toHaveLength(2);
  });

  test("a status other than 200 becomes a SwrApiError with the server's code and Retry-After, unread", async () => {
    const { wire } = scriptedWire({
      status: 429,
      headers: { "retry-after": "2" },
      body: JSON.stringify({ error_code: "APIG.0308", error_msg: "slow down" }),
      requestId: "r-1",
    });
    let reads = 0;
    const send = checkingStatus(Date.now)(authenticating(settings, Date.now)(wire));
    const error = await send({ ...asText(), read: () => reads++ }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwrApiError);
    expect(error).toMatchObject({
      statusCode: 429,
      serverCode: "APIG.0308",
      requestId: "r-1",
      retryAfterMs: 2000,
    });
    expect(reads).toBe(0);
  });
});

describe("the gate interceptor", () => {
  test("a throttled attempt halves the gate's limit; a page read counts towards climbing back", async () => {
    const gate = new AdaptiveConcurrency(8);
    const { wire } = scriptedWire({ status: 429, headers: {}, body: "{}" }, ok());
    const send = compose(gatedBy(gate), checkingStatus(Date.now))(authenticating(settings, Date.now)(wire));
    await expect(send(asText())).rejects.toBeInstanceOf(SwrApiError);
    expect(gate.limit).toBe(4);
    for (let i = 0; i < 4; i++) await send(asText());
    expect(gate.limit).toBe(5);
  });

  test("a request that waited for a slot while the listing was aborted is not sent", async () => {
    const gate = new AdaptiveConcurrency(1);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    let requests = 0;
    const first: Send = async (request) => {
      entered();
      await held;
      return request.read(ok());
    };
    const send = compose(
      gatedBy(gate),
      counting(() => requests++),
    )(first);
    const controller = new AbortController();
    const running = send(asText(), controller.signal);
    const waiting = send(asText(), controller.signal).catch((error: unknown) => error);
    await inFlight;
    controller.abort();
    release();
    await running;
    expect(await waiting).toBeInstanceOf(SwrAbortError);
    expect(requests).toBe(1);
  });
});
