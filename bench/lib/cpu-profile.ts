import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Summarizes a V8 .cpuprofile (node --cpu-prof): self time per function and per package
 * (node_modules/<pkg>, src/<dir>, node internals), so "what dominates" is one table. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  byPackage: { name: string; ms: number; share: number }[];
  byFunction: { name: string; ms: number; share: number }[];
  /** Inclusive time of frames whose function or file matches each probe. */
  inclusive: { name: string; ms: number; share: number }[];
}

/** `window`: only samples taken between these CLOCK_MONOTONIC microseconds (process.hrtime
 * in the harness uses the same clock as V8's profiler on Linux), e.g. the load run alone. */
export function summarizeProfile(file: string, root: string, probes: Record<string, RegExp> = {}, top = 25, window?: { fromUs: number; toUs: number }): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  let total = 0;
  let idle = 0;
  const pkg = new Map<string, number>();
  const fn = new Map<string, number>();
  const incl = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      idle += ms;
      continue;
    }
    total += ms;
    const where = packageOf(node.callFrame.url, root, name);
    pkg.set(where, (pkg.get(where) ?? 0) + ms);
    const label = `${name || '(anonymous)'} ${shortUrl(node.callFrame.url, root)}:${node.callFrame.lineNumber + 1}`;
    fn.set(label, (fn.get(label) ?? 0) + ms);
    // Inclusive: charge each probe once per sample stack.
    const hit = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      for (const [probe, re] of Object.entries(probes)) {
        if (!hit.has(probe) && (re.test(frame.functionName) || re.test(frame.url))) hit.add(probe);
      }
    }
    for (const probe of hit) incl.set(probe, (incl.get(probe) ?? 0) + ms);
  }
  const rank = (m: Map<string, number>, limit: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, ms]) => ({ name, ms, share: ms / total }));
  return { totalMs: total, idleMs: idle, byPackage: rank(pkg, top), byFunction: rank(fn, top), inclusive: rank(incl, 50) };
}

function packageOf(url: string, root: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const p = url.replace(/^file:\/\//, '');
  const nm = p.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = p.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const rel = path.relative(root, p);
  if (!rel.startsWith('..')) {
    const parts = rel.split('/');
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : rel;
  }
  return p;
}

function shortUrl(url: string, root: string): string {
  const p = url.replace(/^file:\/\//, '');
  const nm = p.lastIndexOf('node_modules/');
  if (nm >= 0) return p.slice(nm + 'node_modules/'.length);
  const rel = path.relative(root, p);
  return rel.startsWith('..') ? p : rel;
}
