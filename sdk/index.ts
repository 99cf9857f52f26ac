export * from "./client";
export * from "./config";
export * from "./getRepositories";
export * from "./result";
