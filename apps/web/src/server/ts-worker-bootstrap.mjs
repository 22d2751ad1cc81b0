// Starts a worker thread from TypeScript source (tests, tsx scripts; never the built app):
// loader hooks do not reach worker threads on Node 20, so register tsx here, then load it.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.tsEntry);
