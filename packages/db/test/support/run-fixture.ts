import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Runs `test/fixtures/<name>` in a new Node process (through tsx) and parses its JSON line. */
export function runFixture(name: string, args: string[]): Promise<{ exitCode: number; pid: number; output: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", path.join(packageDir, "test", "fixtures", name), ...args],
      { cwd: packageDir },
      (error, stdout, stderr) => {
        const exitCode = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        const line = stdout.trim().split("\n").pop() ?? "";
        try {
          resolve({ exitCode, pid: child.pid ?? -1, output: JSON.parse(line) as Record<string, unknown> });
        } catch {
          reject(new Error(`fixture ${name} exited ${exitCode} without a JSON line; stderr:\n${stderr}`));
        }
      },
    );
  });
}

/** The pid of a process that has already exited (for a stale lock). */
export function pidOfExitedProcess(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ["-e", ""], (error) => (error ? reject(error) : resolve(child.pid!)));
  });
}
