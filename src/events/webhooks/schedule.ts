/** The Standard Webhooks retry schedule: the delay before each attempt after the first (which
 * is immediate). Eight attempts in all; after the last fails, the event is dead for that endpoint. */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** A receiver's Retry-After is honoured up to the schedule's longest delay. */
export const MAX_RETRY_AFTER_MS = 36_000_000;

/** The delay before the next attempt after `failed` failed attempts (1…7), scaled and with ±20 %
 * jitter (so endpoints that failed together do not retry together); a Retry-After the receiver
 * sent replaces it when longer, up to MAX_RETRY_AFTER_MS, unscaled: it is the receiver's word. */
export function retryDelayMs(failed: number, scale: number, retryAfterMs?: number, random = Math.random): number {
  const base = RETRY_DELAYS_MS[Math.min(failed, RETRY_DELAYS_MS.length) - 1] * scale;
  const scheduled = Math.round(base * (0.8 + 0.4 * random()));
  return retryAfterMs === undefined ? scheduled : Math.max(scheduled, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
