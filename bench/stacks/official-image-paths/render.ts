// The example's renderer; the benchmark copies examples/image-paths/render.ts over this file in the
// stack's working copy, so both programs render with the same code.
export * from "../../../examples/image-paths/render";
