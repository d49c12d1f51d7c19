/** Every value of a request header as it was sent, one entry per header line. Node folds
 * repeated lines: most into one string joined by ", " (so `K` sent twice reads as `K, K`), some
 * (Authorization among them) down to the first line alone. Where "exactly one header" matters,
 * read the lines themselves. */
export function headerLines(rawHeaders: readonly string[], name: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === name) lines.push(rawHeaders[i + 1]);
  }
  return lines;
}
