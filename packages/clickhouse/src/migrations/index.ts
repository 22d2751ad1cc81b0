import { migration0001 } from "./0001_spans";
import { migration0002 } from "./0002_traces";
import { migration0003 } from "./0003_usage_leaves";
import { migration0004 } from "./0004_scores";
import { migration0005 } from "./0005_merge_width";
import { migration0006 } from "./0006_compact_parts";
import { migration0007 } from "./0007_steady_cleanup";
import { migration0008 } from "./0008_span_fields";
import type { Migration } from "./types";

/** Every migration, in version order. Imported as modules (Next.js bundles this code: no runtime file reads). */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008];

export type { Migration } from "./types";
export { renderStatement, type DdlTarget } from "./render";
export { migrationChecksum, runMigrations } from "./run";
