import { readFileSync } from 'node:fs';
// The size lines are the build script's own (a CommonJS script, not part of the TypeScript).
const consoleSize = require('../../scripts/console-size.js') as {
  REPORT_FILE: string;
  sizeLines(report: unknown): string[];
  readmeLines(): string[] | null;
};

/** Every number of a size line, in order: kB figures and file counts. */
const numbers = (line: string) => [...line.matchAll(/\d+(?:\.\d+)?/g)].map(([number]) => Number(number));

describe("the README's console size", () => {
  // test/helpers/global-setup.ts has just built the console when its sources changed.
  it("is the build's last measurement, to within its rounding (`npm run console:size` rewrites it)", () => {
    const built = consoleSize.sizeLines(JSON.parse(readFileSync(consoleSize.REPORT_FILE, 'utf8')));
    const shown = consoleSize.readmeLines();
    expect(shown).toHaveLength(built.length);
    built.forEach((line, index) => {
      const [want, got] = [numbers(line), numbers(shown![index])];
      const drift = want.length === got.length && want.every((value, at) => Math.abs(value - got[at]) <= 0.1 + 1e-9);
      expect({ readme: shown![index], build: line, withinRounding: drift }).toMatchObject({ withinRounding: true });
    });
  });
});
