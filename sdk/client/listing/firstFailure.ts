import { setMaxListeners } from "node:events";

/**
 * The first failure of a listing ends it: everything still in flight is aborted and nothing more is
 * sent (after a 401 above all), and that failure, not the aborts it caused, is what is thrown.
 */
export class FirstFailure {
  readonly #controller = new AbortController();
  readonly #outer: AbortSignal | undefined;
  readonly #onOuterAbort: () => void;
  #failure: { error: unknown } | undefined;

  /** Linked to the caller's signal: aborted when it is. */
  constructor(outer: AbortSignal | undefined) {
    setMaxListeners(0, this.#controller.signal); // one listener per request in flight, by design
    this.#outer = outer;
    this.#onOuterAbort = () => this.#controller.abort(outer?.reason);
    if (outer?.aborted) this.#onOuterAbort();
    outer?.addEventListener("abort", this.#onOuterAbort, { once: true });
  }

  /** The signal of the listing's requests. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** `promise`, ending the listing when it rejects, with the first failure of the listing. */
  guard<T>(promise: Promise<T>): Promise<T> {
    return promise.catch((error: unknown) => {
      this.#failure ??= { error };
      this.dispose();
      throw this.#failure.error;
    });
  }

  /** Aborts whatever is still in flight and unlinks from the caller's signal. */
  dispose(): void {
    this.#outer?.removeEventListener("abort", this.#onOuterAbort);
    this.#controller.abort();
  }
}
