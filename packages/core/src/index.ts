export * from "./model/span";
export * from "./model/trace";
export * from "./model/trace-filter";
export * from "./model/sightline-attributes";
