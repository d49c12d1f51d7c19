import { InvalidArgumentError, type Command } from 'commander';
import type { Database } from '../db/database.ts';
import { encodeAuditCursor, listAuditEvents, parseAuditEventPage, type AuditEventRow, type AuditPosition } from '../domain/audit/list-audit-events.ts';
import { actorKindOf } from '../domain/audit/record-audit.ts';
import { inTx, withDatabase } from './session.ts';
import { findTenantByRef } from './tenant-ref.ts';

const PAGE = 200;

/** `tenantry audit tail --tenant <id or name> [--lines n] [--follow]`: a tenant's newest audit events,
 * oldest of them first, one line each, through the audit read use-case; --follow then polls for
 * newer ones until interrupted. */
export function auditCommand(program: Command): void {
  const audit = program.command('audit').description("a tenant's audit trail");
  audit
    .command('tail')
    .description("print a tenant's newest audit events (oldest first); --follow keeps printing new ones")
    .requiredOption('--tenant <id or name>', 'the tenant, by id or exact name')
    .option('-n, --lines <count>', `how many of the newest events (1..${PAGE})`, count, 20)
    .option('-f, --follow', 'keep polling for new events (Ctrl-C stops)')
    .option('--interval <ms>', 'polling interval with --follow', count, 2_000)
    .action(async (options: { tenant: string; lines: number; follow?: boolean; interval: number }) => {
      await withDatabase(async (db) => {
        const { tenantId, newest } = await inTx(db, async (tx) => {
          const tenant = await findTenantByRef(tx, options.tenant);
          return { tenantId: tenant.id, newest: (await listAuditEvents(tx, parseAuditEventPage(tenant.id, { first: Math.min(options.lines, PAGE) }))).rows };
        });
        let last = print(newest.reverse(), null);
        if (!options.follow) return;
        let stopping = false;
        const stop = () => (stopping = true);
        process.once('SIGINT', stop).once('SIGTERM', stop);
        while (!stopping) {
          await new Promise((resolve) => setTimeout(resolve, options.interval));
          if (!stopping) last = print(await newerThan(db, tenantId, last), last);
        }
      });
    });
}

function count(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 3_600_000) throw new InvalidArgumentError('Not a positive whole number.');
  return parsed;
}

/** Every event after `last`, oldest first, paging back from the newest until reaching it. */
async function newerThan(db: Database, tenantId: string, last: AuditPosition | null): Promise<AuditEventRow[]> {
  const found: AuditEventRow[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await inTx(db, (tx) => listAuditEvents(tx, parseAuditEventPage(tenantId, { first: PAGE, after, filter: { since: last?.occurredAt ?? null } })));
    for (const row of page.rows) {
      if (last && !isAfter(row, last)) return found.reverse();
      found.push(row);
    }
    if (!page.hasNextPage || page.rows.length === 0) return found.reverse();
    const end = page.rows[page.rows.length - 1];
    after = encodeAuditCursor({ occurredAt: end.occurredAt, id: end.id });
  }
}

function isAfter(row: AuditPosition, last: AuditPosition): boolean {
  const delta = row.occurredAt.getTime() - last.occurredAt.getTime();
  return delta > 0 || (delta === 0 && row.id > last.id);
}

/** One line per event: time, action, actor ("operator" for the CLI), target (left out when none), details. */
function print(rows: AuditEventRow[], last: AuditPosition | null): AuditPosition | null {
  for (const row of rows) {
    const actor = row.actorEmail ?? (actorKindOf(row) === 'operator' ? 'operator' : '-');
    const target = row.targetEmail ? [`target=${row.targetEmail}`] : [];
    console.log([row.occurredAt.toISOString(), row.action, `actor=${actor}`, ...target, JSON.stringify(row.details), `id=${row.id}`].join('  '));
  }
  const end = rows[rows.length - 1];
  return end ? { occurredAt: end.occurredAt, id: end.id } : last;
}
