import { Session } from 'node:inspector/promises';
import { addMember, buildTenant } from '../factories/tenancy.ts';
import { buildUser, tokenFor } from '../factories/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import type { Auth } from '../helpers/http.ts';
import { viaGraphQL, viaRest } from '../helpers/removal-doors.ts';

/** The files of src/ whose code runs while one removal is answered, by door: V8's precise
 * coverage, reset before the request and read after it (a second removal, so that what runs once
 * per process is not counted). What a reader of the removal crosses. The event relay
 * (src/events/), which the commit wakes to deliver the removal's event, is a reader of the
 * outbox beside the request, not part of it: its files are not counted. */
const SRC = `${process.cwd()}/src/`;

let t: TestApp;
let session: Session;
beforeAll(async () => {
  t = await startTestApp();
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
});
afterAll(async () => {
  await session.post('Profiler.stopPreciseCoverage');
  session.disconnect();
  await t.close();
});

async function filesRunBy(remove: (auth: Auth, tenantId: string, userId: string) => Promise<unknown>): Promise<string[]> {
  const owner = await buildUser(t.prisma);
  const tenant = await buildTenant(t.prisma, { owner });
  const [warm, target] = await Promise.all([buildUser(t.prisma), buildUser(t.prisma)]);
  await addMember(t.prisma, tenant, warm);
  await addMember(t.prisma, tenant, target);
  const token = await tokenFor(owner);
  await remove(token, tenant.id, warm.id);
  await session.post('Profiler.takePreciseCoverage');
  await remove(token, tenant.id, target.id);
  const { result } = await session.post('Profiler.takePreciseCoverage');
  const files = result.filter((script) => script.url.includes(SRC) && !script.url.includes(`${SRC}events/`) && script.functions.some((fn) => fn.ranges.some((range) => range.count > 0)));
  return [...new Set(files.map((script) => script.url.slice(script.url.indexOf(SRC) + SRC.length)))].sort();
}

// Before operations were modules (2491d30), one removal ran code in 37 files of src/ over GraphQL
// and 40 over the legacy route, counted the same way. Its files may not grow in number.
describe('the files of src/ one removal runs', () => {
  it('are at most 37 over GraphQL', async () => {
    const files = await filesRunBy(async (auth, tenantId, userId) => expect((await viaGraphQL(t.http, auth, tenantId, userId)).status).toBe(200));
    expect([files.length <= 37, files]).toEqual([true, files]);
  });

  it('are at most 40 over the legacy route', async () => {
    const files = await filesRunBy(async (auth, tenantId, userId) => expect((await viaRest(t.http, auth, tenantId, userId)).status).toBe(200));
    expect([files.length <= 40, files]).toEqual([true, files]);
  });
});
