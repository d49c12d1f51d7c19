// The email key is defined once in JavaScript (src/domain/accounts/email-key.ts) and once in SQL
// (email_key_fold(), migration 20261204230000_email_key_fold), for the CHECK and for migrating
// existing rows. These tests hold the two together on this database, and migrate old rows.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { deployMigrations, MigrationFailedError } from '../../src/db/migrate/deploy.ts';
import { DEFAULT_MIGRATIONS_DIR, readMigrations } from '../../src/db/migrate/migrations-dir.ts';
import { emailKey } from '../../src/domain/accounts/email-key.ts';
import { createEmptyDatabase, createMigratedDatabase, type TestDatabase } from '../helpers/database.ts';

const FOLD_MIGRATION = '20261204230000_email_key_fold';
const quiet = () => {};

let db: TestDatabase;
let client: Client;

async function connect(migrated = false) {
  db = migrated ? await createMigratedDatabase() : await createEmptyDatabase();
  client = new Client(db.connection);
  await client.connect();
}
afterEach(async () => {
  await client?.end();
  await db?.drop();
});

/** Every assigned code point that has a case mapping or a compatibility form, and one in 97 of
 * the rest (the large ideograph and syllable blocks map to themselves). */
function codePoints(): string[] {
  const out: string[] = [];
  // From 1: PostgreSQL text cannot hold U+0000 (the text gate refuses it long before).
  for (let cp = 1; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const c = String.fromCodePoint(cp);
    if (/\p{Cn}|\p{Co}/u.test(c)) continue;
    if (c.toLowerCase() !== c || c.normalize('NFKC') !== c || cp % 97 === 0) out.push(c);
  }
  return out;
}

describe('email_key_fold() and emailKey()', () => {
  it('agree on every code point whose normal form both Unicode versions agree on, and every key is a fixed point of the SQL fold', async () => {
    await connect(true);
    const chars = codePoints();
    let compared = 0;
    const disagreements: string[] = [];
    const notFixed: string[] = [];
    for (let i = 0; i < chars.length; i += 5_000) {
      const batch = chars.slice(i, i + 5_000);
      const keys = batch.map((c) => emailKey(`A${c}b`));
      const { rows } = await client.query<{ nfkc: string; fold: string; refold: string }>(
        'SELECT normalize(c, NFKC) AS nfkc, email_key_fold(c) AS fold, email_key_fold(k) AS refold FROM unnest($1::text[], $2::text[]) AS x(c, k)',
        [batch.map((c) => `A${c}b`), keys],
      );
      rows.forEach((row, j) => {
        if (row.refold !== keys[j]) notFixed.push(batch[j].codePointAt(0)!.toString(16));
        // A code point newer than the database's Unicode tables normalises differently there:
        // that is the database's Unicode version, not the fold.
        if (row.nfkc !== `A${batch[j]}b`.normalize('NFKC')) return;
        compared++;
        if (row.fold !== keys[j]) disagreements.push(batch[j].codePointAt(0)!.toString(16));
      });
    }
    expect(disagreements).toEqual([]);
    expect(notFixed).toEqual([]);
    expect(compared).toBeGreaterThan(5_000);
  }, 120_000);

  it('folds the pairs lower() and toLowerCase() got wrong or apart into one key', async () => {
    await connect(true);
    const pairs = [
      ['ΟΔΟΣ@example.gr', 'οδοσ@example.gr'],
      ['ΟΔΟΣ@example.gr', 'οδος@example.gr'],
      ['İSTANBUL@example.tr', 'i\u0307stanbul@example.tr'],
      ['josé@example.test', 'jose\u0301@example.test'],
      ['JOSÉ@example.test', 'jose\u0301@example.test'],
      ['ｊｏｓｅ@ｅｘａｍｐｌｅ．ｔｅｓｔ', 'jose@example.test'],
      ['ﬁn@example.test', 'fin@example.test'],
    ];
    for (const [a, b] of pairs) {
      expect({ a, key: emailKey(a) }).toEqual({ a, key: emailKey(b) });
      const { rows } = await client.query('SELECT email_key_fold($1) AS a, email_key_fold($2) AS b', [a, b]);
      expect(rows[0]).toEqual({ a: emailKey(a), b: emailKey(a) });
    }
    // Different letters stay different: a dotless ı is not an i.
    expect(emailKey('ı@example.tr')).not.toBe(emailKey('i@example.tr'));
  });
});

describe('the migration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tenantry-email-key-'));
    for (const { name } of readMigrations()) {
      if (name < FOLD_MIGRATION) cpSync(path.join(DEFAULT_MIGRATIONS_DIR, name), path.join(dir, name), { recursive: true });
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function beforeFold(emails: string[]) {
    await connect();
    await deployMigrations(db.connection, { migrationsDir: dir, log: quiet });
    // Rows as the old code wrote them: the key is whatever this server's lower() makes of the email.
    for (const email of emails) await client.query("INSERT INTO users (email, email_key, password_hash) VALUES ($1, lower($1), 'x')", [email]);
  }

  it('recomputes every existing key (and shows emails in NFC)', async () => {
    const emails = ['Ann.Lee@Example.com', 'ΣΑΣ@example.gr', 'İSTANBUL@example.tr', 'JOSE\u0301@example.test', 'ｍａｘ@example.test'];
    await beforeFold(emails);
    await deployMigrations(db.connection, { log: quiet });
    const { rows } = await client.query<{ email: string; email_key: string }>('SELECT email, email_key FROM users ORDER BY created_at, id');
    expect(rows.map((r) => r.email).sort()).toEqual(emails.map((e) => e.normalize('NFC')).sort());
    for (const row of rows) expect({ email: row.email, key: row.email_key }).toEqual({ email: row.email, key: emailKey(row.email) });
  });

  it('stops with the list of accounts that now share an address, and changes nothing', async () => {
    await beforeFold(['josé@example.test', 'jose\u0301@example.test', 'other@example.test']);
    const failure = await deployMigrations(db.connection, { log: quiet }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationFailedError);
    const logs = (failure as MigrationFailedError).logs;
    expect(logs).toContain('share one email address');
    expect(logs).toContain('josé@example.test (user ');
    expect(logs).toContain('jose\u0301@example.test (user ');
    expect(logs).not.toContain('other@example.test');
    expect(logs).toContain('HINT: Change the email of all but one account');
    const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_constraint WHERE conname = 'users_email_key_lower_check'");
    expect(rows).toEqual([{ n: 1 }]);
  });
});
