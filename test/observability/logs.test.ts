import { PassThrough } from 'node:stream';
import { createLogger, prettyLogs } from '../../src/logger.ts';

async function firstLine(format: 'json' | 'pretty'): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  createLogger({ logLevel: 'info', logFormat: format, mode: 'development' }, out).info({ reqId: 'req-1' }, 'Tenantry listening');
  await new Promise((resolve) => setImmediate(resolve));
  return text.split('\n')[0];
}

describe('log lines', () => {
  it('are JSON unless asked to be pretty', async () => {
    expect(JSON.parse(await firstLine('json'))).toMatchObject({ level: 30, reqId: 'req-1', msg: 'Tenantry listening' });
  });

  it('are readable by a person when pretty: time, level, message, no JSON', async () => {
    const line = await firstLine('pretty');
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Tenantry listening$/);
  });

  it('are pretty by default only in development on a terminal', () => {
    expect(prettyLogs('auto', 'development', true)).toBe(true);
    expect(prettyLogs('auto', 'development', false)).toBe(false);
    expect(prettyLogs('auto', 'production', true)).toBe(false);
    expect(prettyLogs('auto', 'test', true)).toBe(false);
    expect(prettyLogs('json', 'development', true)).toBe(false);
    expect(prettyLogs('pretty', 'production', false)).toBe(true);
  });
});
