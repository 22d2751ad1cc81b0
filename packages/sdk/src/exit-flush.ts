/**
 * Node only, found through `globalThis.process` (no import): sends queued spans when the
 * process is about to exit. `beforeExit` fires when the event loop runs dry (a script's
 * natural end). SIGTERM/SIGINT: if the app listens for the signal itself, we only flush
 * alongside its handler and leave the outcome to it; if nobody else listens, the default
 * action (terminate) would have happened, so after flushing (bounded by a deadline) we
 * remove our listener and raise the signal again, which terminates the process as usual.
 */
interface ProcessLike {
  versions?: { node?: string };
  pid: number;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  listenerCount(event: string): number;
  kill(pid: number, signal: string): unknown;
}

export interface ExitFlushable {
  flush(): Promise<void>;
  readonly exitFlushTimeoutMs: number;
}

const SIGNALS = ["SIGTERM", "SIGINT"] as const;
const clients = new Set<ExitFlushable>();
const signalListeners = new Map<string, () => void>();

function nodeProcess(): ProcessLike | undefined {
  const proc = (globalThis as { process?: ProcessLike }).process;
  return typeof proc?.versions?.node === "string" && typeof proc.on === "function" ? proc : undefined;
}

function flushAll(): Promise<void> {
  return Promise.all([...clients].map((client) => client.flush().catch(() => undefined))).then(() => undefined);
}

function onBeforeExit(): void {
  // Sending schedules I/O, which keeps the loop alive; beforeExit fires again once it is done.
  void flushAll();
}

function onSignal(proc: ProcessLike, signal: string): void {
  const appListens = proc.listenerCount(signal) > 1;
  const deadline = Math.max(0, ...[...clients].map((c) => c.exitFlushTimeoutMs));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadline)));
  void Promise.race([flushAll(), timeout]).then(() => {
    clearTimeout(timer);
    if (appListens) return;
    uninstall(proc);
    proc.kill(proc.pid, signal);
  });
}

function install(proc: ProcessLike): void {
  proc.on("beforeExit", onBeforeExit);
  for (const signal of SIGNALS) {
    const listener = () => onSignal(proc, signal);
    signalListeners.set(signal, listener);
    proc.on(signal, listener);
  }
}

function uninstall(proc: ProcessLike): void {
  proc.off("beforeExit", onBeforeExit);
  for (const [signal, listener] of signalListeners) proc.off(signal, listener);
  signalListeners.clear();
}

/** Flush `client` at process exit (no-op outside Node). */
export function registerExitFlush(client: ExitFlushable): void {
  const proc = nodeProcess();
  if (!proc) return;
  try {
    if (clients.size === 0) install(proc);
    clients.add(client);
  } catch {
    // a locked-down process object must not break the app
  }
}

/** Stop flushing `client` at exit; the listeners go once no client needs them. */
export function unregisterExitFlush(client: ExitFlushable): void {
  const proc = nodeProcess();
  if (!proc || !clients.delete(client) || clients.size > 0) return;
  try {
    uninstall(proc);
  } catch {
    // as above
  }
}
