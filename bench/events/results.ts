import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/processes.ts';

/** The events benches write their own sections of bench/RESULTS.md, between markers, and the
 * main bench keeps them when it writes the file anew (keptSections). */

const RESULTS = path.join(ROOT, 'bench/RESULTS.md');
const BLOCK = /<!-- section: ([^>]+?) -->\n[\s\S]*?<!-- \/section: \1 -->\n?/g;

function block(title: string, markdown: string): string {
  return `<!-- section: ${title} -->\n## ${title}\n\n${markdown.trim()}\n<!-- /section: ${title} -->\n`;
}

/** Puts `## title` with `markdown` into RESULTS.md, replacing the section of that title. */
export function writeResultsSection(title: string, markdown: string, file = RESULTS): void {
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const fresh = block(title, markdown);
  let replaced = false;
  const next = existing.replace(BLOCK, (whole, name: string) => {
    if (name !== title) return whole;
    replaced = true;
    return fresh;
  });
  writeFileSync(file, replaced ? next : `${next.trimEnd()}\n\n${fresh}`);
}

/** The marked sections of `file`, to append to a report that replaces it. */
export function keptSections(file: string): string {
  if (!existsSync(file)) return '';
  const blocks = readFileSync(file, 'utf8').match(BLOCK) ?? [];
  return blocks.length ? `\n${blocks.map((b) => b.trimEnd()).join('\n\n')}\n` : '';
}
