/** Tiny argv helpers shared by the bench scripts (`--name value`, `--name=value`, `--flag`). */

export function option(name: string, fallback: string): string {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}` && argv[i + 1] !== undefined) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return fallback;
}

export function flag(name: string): boolean {
  return process.argv.slice(2).includes(`--${name}`);
}

/** The secret the bench starts the service and the floor with (and signs callers' tokens with,
 * through the service's own JwtService). A bench-only value; never a real deployment's. */
export const BENCH_JWT_SECRET = process.env.BENCH_JWT_SECRET || 'tenantry-bench-only-secret-0123456789abcdefghij';
