import { InvokeResult } from "@pulumi/pulumi/provider";

/** What a function handler gets besides its arguments. */
export interface InvokeContext {
  /** The plugin's environment: the last source of settings (`HW_*`). */
  readonly env: NodeJS.ProcessEnv;
  /** Aborted when the engine cancels the plugin's operations. */
  readonly signal: AbortSignal;
}

/**
 * Serves one function token: validates the arguments (returning failures that name the argument),
 * calls the client core, and returns plain JSON outputs.
 */
export type InvokeHandler = (args: Record<string, unknown>, context: InvokeContext) => Promise<InvokeResult>;
