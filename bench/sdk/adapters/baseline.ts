import { INPUT_MESSAGES, OUTPUT_MESSAGE, type SdkAdapter } from "../workload";

/** No SDK: the same five nested calls doing nothing, to show the harness's own cost. */
export function createAdapter(): SdkAdapter {
  let sink: unknown;
  const run = (fn: () => void) => fn();
  return {
    runTrace() {
      run(() => {
        run(() => {});
        run(() => {});
        run(() => {
          sink = [INPUT_MESSAGES, OUTPUT_MESSAGE];
        });
        run(() => {});
      });
      void sink;
    },
    flush: async () => {},
    shutdown: async () => {},
  };
}
