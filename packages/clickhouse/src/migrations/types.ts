/**
 * A versioned schema change. Statements are SQL text with two placeholders, rendered per
 * deployment by `renderStatement`: `{{ON_CLUSTER}}` and `{{ENGINE <Name>(<args>)}}`.
 * Statements must be idempotent (IF NOT EXISTS): a migration interrupted half-way reruns.
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}
