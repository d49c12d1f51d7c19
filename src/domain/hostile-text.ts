import type { FieldIssue } from './errors.ts';

/** The one gate for text both doors accept. PostgreSQL text cannot hold U+0000, and jsonb (and
 * every UTF-8 encoder) cannot hold an unpaired UTF-16 surrogate: such a string would fail deep in
 * a handler as a 500. Each door runs this over everything a request carries before a handler
 * does (src/rest/register-legacy-routes.ts, src/graphql/plugins/hostile-text-gate.ts), and the
 * cursor decoder over a cursor's decoded contents. */

// A NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one.
const HOSTILE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const HOSTILE_ALL = new RegExp(HOSTILE.source, 'g');
const MAX_ECHO = 200;

export type Loc = (string | number)[];

/** The first string (value or object key) in `value` holding U+0000 or an unpaired surrogate,
 * as a FastAPI-style issue located under `loc`; null when there is none. Walks iteratively, so
 * a 10,000-deep body costs no stack. */
export function findHostileText(value: unknown, loc: Loc = []): FieldIssue | null {
  const stack: [unknown, Loc][] = [[value, loc]];
  while (stack.length) {
    const [current, at] = stack.pop()!;
    if (typeof current === 'string') {
      if (HOSTILE.test(current)) return issue(current, at);
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], [...at, i]]);
    } else if (current !== null && typeof current === 'object') {
      for (const [key, inner] of Object.entries(current)) {
        if (HOSTILE.test(key)) return issue(key, at);
        stack.push([inner, [...at, key]]);
      }
    }
  }
  return null;
}

/** True when the string holds U+0000 or an unpaired surrogate. */
export function isHostileText(value: string): boolean {
  return HOSTILE.test(value);
}

/** The bad input as it can be echoed: each offending code unit replaced by U+FFFD, the loc's
 * keys likewise, cut short without splitting a surrogate pair. */
function issue(text: string, loc: Loc): FieldIssue {
  const nul = /\u0000/.test(text);
  return {
    type: 'string_unicode',
    loc: loc.map((part) => (typeof part === 'string' ? printable(part) : part)),
    msg: nul ? 'Input should not contain the NUL character (U+0000)' : 'Input should be valid Unicode text (it holds an unpaired UTF-16 surrogate)',
    input: printable(text),
  };
}

function printable(text: string): string {
  const cut = text.length > MAX_ECHO ? text.slice(0, /[\ud800-\udbff]/.test(text[MAX_ECHO - 1]) ? MAX_ECHO - 1 : MAX_ECHO) : text;
  return cut.replace(HOSTILE_ALL, '\ufffd');
}
