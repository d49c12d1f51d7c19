import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, shellEnv } from './service-process.ts';

/** `tenantry`, the operator CLI, as a process: bin/tenantry.js with the environment an operator
 * would give it (the shell's, plus `env`). */

// Each run loads the TypeScript and opens the database: seconds on a loaded machine.
export const CLI_RUN_TIMEOUT_MS = 120_000;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const TENANTRY = [process.execPath, join(REPO_ROOT, 'bin', 'tenantry.js')];

/** Starts `tenantry <args>` and leaves it running (for --follow). */
export function spawnTenantry(args: string[], env: Record<string, string>, command: string[] = TENANTRY): ChildProcessWithoutNullStreams {
  const [program, ...prefix] = command;
  return spawn(program, [...prefix, ...args], { cwd: REPO_ROOT, env: { ...shellEnv(), ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs `tenantry <args>` to its end (killed after CLI_RUN_TIMEOUT_MS). */
export function runTenantry(args: string[], env: Record<string, string>, options: { stdin?: string; command?: string[] } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawnTenantry(args, env, options.command);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
