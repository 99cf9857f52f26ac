export * from "./client";
export * from "./config";
export * from "./getRepositories";
export * from "./result";
export * from "./inventory";
export * from "./drift";
export * from "./getRepositoryTags";
export * from "./getImage";
