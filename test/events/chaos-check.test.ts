import { checkChaos, type ChaosRecords } from '../../bench/events/check.ts';
import { QUICK, runChaos, type ChaosResult } from '../../bench/events/chaos.ts';
import { onRealPostgres } from '../helpers/database.ts';
import { TEST_NATS_URL } from '../helpers/nats.ts';

// The chaos bench (bench/events/chaos.ts) on a tiny run, so CI proves its checks still hold and
// still bite: two service processes on PostgreSQL with NATS, an endpoint per tenant on a
// receiver verifying with `standardwebhooks` and failing 10 % of deliveries, previews and refused
// batches among the mutations; no SIGKILL here (a killed relay's claims lapse after 60 s, too
// long for a test): the full run (`npm run bench:events-chaos`) does three. Then the same
// records with one fault each must be caught. PostgreSQL only: the bench runs `npm start`-like
// processes against a server.

const describeChaos = onRealPostgres && TEST_NATS_URL ? describe : describe.skip;

describeChaos('the chaos run’s checks on a tiny run', () => {
  let result: ChaosResult;

  beforeAll(async () => {
    result = await runChaos({
      ...QUICK,
      tenants: 4,
      members: 8,
      outsiders: 8,
      mutations: 120,
      kills: 0,
      workers: 4,
      catchUpMs: 40_000,
      natsUrl: TEST_NATS_URL!,
      databaseUrl: process.env.TEST_DATABASE_URL,
      keep: false,
      log: () => undefined,
    });
  }, 90_000);

  it('finds every committed event delivered, once in JetStream, in order, and nothing else', () => {
    expect(result.verdict.violations).toEqual([]);
    expect(result.caughtUp).toBe(true);
    expect(result.sent.committed).toBeGreaterThan(0);
    expect(result.sent.previews + result.sent.atomicRefusals + result.sent.refusals).toBeGreaterThan(0);
    expect(result.verdict.committed).toBeGreaterThanOrEqual(result.sent.committed);
    expect(result.verdict.streamMessages).toBe(result.verdict.committed);
    // The receiver failed some deliveries, and each was sent again.
    expect(result.verdict.answered500).toBeGreaterThan(0);
    expect(result.verdict.duplicates).toBeGreaterThanOrEqual(result.verdict.answered500);
  });

  /** The violation kinds checkChaos reports for the run's records changed by `fault`. */
  function kindsAfter(fault: (records: ChaosRecords) => ChaosRecords): string[] {
    return checkChaos(fault(result.records)).violations.map((violation) => violation.kind);
  }

  it('catches an event never delivered, or delivered but not committed', () => {
    const lastOk = result.records.arrivals.findLastIndex((arrival) => arrival.status < 300);
    const dropped = result.records.arrivals.filter((arrival) => arrival.webhookId !== result.records.arrivals[lastOk].webhookId);
    expect(kindsAfter((r) => ({ ...r, arrivals: dropped }))).toContain('committed event never delivered (2xx) to its endpoint');
    const [rolledBack, ...kept] = result.records.committed;
    expect(kindsAfter((r) => ({ ...r, committed: kept }))).toEqual(
      expect.arrayContaining(['delivered an event that is not committed (rolled back or invented)', 'JetStream holds an event that is not committed']),
    );
    expect(rolledBack).toBeDefined();
  });

  it('catches a gap or reordering at the receiver, and a duplicate under another webhook-id', () => {
    const arrivals = [...result.records.arrivals];
    const first = arrivals.findIndex((arrival) => arrival.sequence === result.records.endpointStart.get(arrival.tenantId)! + 1);
    const second = arrivals.findIndex((arrival) => arrival.tenantId === arrivals[first].tenantId && arrival.sequence === arrivals[first].sequence + 1);
    [arrivals[first], arrivals[second]] = [arrivals[second], arrivals[first]];
    expect(kindsAfter((r) => ({ ...r, arrivals }))).toContain('first-seen sequence at the receiver has a gap or is out of order');
    const impostor = { ...result.records.arrivals[first], webhookId: 'not-the-same-id', eventId: 'not-the-same-id' };
    expect(kindsAfter((r) => ({ ...r, arrivals: [...r.arrivals, impostor] }))).toContain('a duplicate delivery with a webhook-id not seen for that event');
  });

  it('catches JetStream holding an event twice, missing one, or out of tenant order', () => {
    const stream = result.records.stream;
    expect(kindsAfter((r) => ({ ...r, stream: [...stream, stream[0]] }))).toContain('JetStream holds an event more than once');
    expect(kindsAfter((r) => ({ ...r, stream: stream.slice(1) }))).toEqual(expect.arrayContaining(['committed event missing from JetStream', 'JetStream tenant order has a gap or runs backwards']));
    const reordered = [...stream];
    const next = reordered.findIndex((message) => message.tenantId === stream[0].tenantId && message.sequence === stream[0].sequence + 1);
    [reordered[0], reordered[next]] = [reordered[next], reordered[0]];
    expect(kindsAfter((r) => ({ ...r, stream: reordered }))).toEqual(['JetStream tenant order has a gap or runs backwards']);
  });
});
