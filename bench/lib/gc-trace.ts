// Live heap from V8's own account: a service started with `--trace-gc` prints one line per
// collection ("… Mark-Compact 120.3 (150.2) -> 80.1 (152.0) MB …"). The size after a full
// (mark-compact) collection is what survived it, i.e. what the process still holds; RSS also
// moves with the allocator and V8's heap sizing, which is why growth is judged on this.

const LINE = /(\d+(?:\.\d+)?) ms: (Mark-Compact(?: \(reduce\))?|Scavenge|Minor Mark-Sweep|Mark-Sweep)\S* ([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/g;

export interface GcEvent {
  /** Milliseconds since the process started. */
  atMs: number;
  major: boolean;
  afterMiB: number;
}

export function gcEvents(output: string): GcEvent[] {
  const events: GcEvent[] = [];
  for (const m of output.matchAll(LINE)) {
    // V8 prints MB meaning MiB (it divides by 1024 * 1024).
    events.push({ atMs: Number(m[1]), major: m[2].startsWith('Mark-Compact'), afterMiB: Number(m[4]) });
  }
  return events;
}

/** The heap after each full collection among events[from..]. */
export function fullCollections(events: GcEvent[], from: number): number[] {
  return events.slice(from).filter((e) => e.major).map((e) => e.afterMiB);
}
