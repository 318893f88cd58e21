import { freePort } from '../support/freePort';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embeddedPostgres';

const PROJECT_DIR = path.resolve(__dirname, '../..');

/** A data dir the "postgres" user can reach when the tests run as root (mkdtemp makes 0700 folders). */
function makeDataDir(): { root: string; dataDir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-pg-test-'));
  fs.chmodSync(root, 0o755);
  return { root, dataDir: path.join(root, 'data') };
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function killLeftoverPostmaster(dir: string): void {
  try {
    const pid = Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, 'SIGKILL');
  } catch {
    // no pid file or no such process: nothing left running
  }
}

describe('startEmbeddedPostgres', () => {
  let root: string;
  let dataDir: string;
  const stops: (() => Promise<void>)[] = [];

  beforeEach(() => {
    ({ root, dataDir } = makeDataDir());
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    killLeftoverPostmaster(dataDir); // only if a failed test left one behind
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('keeps its data across a stop and a start on the same directory (no second initdb)', async () => {
    const messages: string[] = [];
    const first = await startEmbeddedPostgres({ dataDir, log: (m) => messages.push(m) });
    stops.push(first.stop);
    await withClient(first.connectionString, async (c) => {
      await c.query('CREATE TABLE kept (note TEXT)');
      await c.query("INSERT INTO kept VALUES ('written by the first run')");
    });
    await first.stop();
    expect(messages.filter((m) => m.includes('creating a new cluster'))).toHaveLength(1);

    const second = await startEmbeddedPostgres({ dataDir, log: (m) => messages.push(m) });
    stops.push(second.stop);

    const rows = await withClient(second.connectionString, (c) => c.query('SELECT note FROM kept'));
    expect(rows.rows).toEqual([{ note: 'written by the first run' }]);
    expect(messages.filter((m) => m.includes('creating a new cluster'))).toHaveLength(1);
  });

  it('gives two connections disjoint rows with FOR UPDATE SKIP LOCKED', async () => {
    const pg = await startEmbeddedPostgres({ dataDir });
    stops.push(pg.stop);
    await withClient(pg.connectionString, (c) => c.query('CREATE TABLE work AS SELECT generate_series(1, 4) AS id'));

    const claim = (c: Client) =>
      c
        .query<{ id: number }>('SELECT id FROM work ORDER BY id LIMIT 2 FOR UPDATE SKIP LOCKED')
        .then((r) => r.rows.map((row) => row.id));
    const [a, b] = [
      new Client({ connectionString: pg.connectionString }),
      new Client({ connectionString: pg.connectionString }),
    ];
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      const claimedByA = await claim(a);
      const claimedByB = await claim(b); // would block here without SKIP LOCKED
      expect(claimedByA).toEqual([1, 2]);
      expect(claimedByB).toEqual([3, 4]);
      await Promise.all([a.query('COMMIT'), b.query('COMMIT')]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('uses the port it is given', async () => {
    const port = await freePort();
    const pg = await startEmbeddedPostgres({ dataDir, port });
    stops.push(pg.stop);

    expect(new URL(pg.connectionString).port).toBe(String(port));
    const rows = await withClient(pg.connectionString, (c) => c.query<{ port: string }>('SHOW port'));
    expect(rows.rows[0].port).toBe(String(port));
  });

  it('starts again after the process that owned it was killed with SIGKILL', async () => {
    // A separate process starts Postgres and is killed without any chance to stop it: its
    // postmaster keeps running, orphaned, holding postmaster.pid.
    const child = spawn(
      process.execPath,
      [
        // tsx as a require hook in this one process (its CLI would put a second process in between)
        '--require',
        require.resolve('tsx/cjs'),
        '-e',
        `require(${JSON.stringify(path.join(PROJECT_DIR, 'src/db/embeddedPostgres.ts'))})` +
          `.startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} }).then(() => console.log('READY'))`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('READY') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited early (code ${code})`)));
    });
    const orphanPid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });

    const messages: string[] = [];
    const pg = await startEmbeddedPostgres({ dataDir, log: (m) => messages.push(m) });
    stops.push(pg.stop);

    const rows = await withClient(pg.connectionString, (c) => c.query<{ one: number }>('SELECT 1 AS one'));
    expect(rows.rows).toEqual([{ one: 1 }]);
    expect(messages).toContainEqual(expect.stringContaining(`left running by an earlier run (pid ${orphanPid})`));
    expect(Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])).not.toBe(orphanPid);
  });

  it('starts after a crash left a postmaster.pid whose process is gone', async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    const pidFile = path.join(dataDir, 'postmaster.pid');
    await first.stop();
    // What a crashed run leaves: a pid file naming a process that no longer exists.
    fs.writeFileSync(pidFile, `999999\n${dataDir}\n0\n5432\n\n127.0.0.1\n0 0\nready\n`);

    const messages: string[] = [];
    const pg = await startEmbeddedPostgres({ dataDir, log: (m) => messages.push(m) });
    stops.push(pg.stop);

    const rows = await withClient(pg.connectionString, (c) => c.query<{ one: number }>('SELECT 1 AS one'));
    expect(rows.rows).toEqual([{ one: 1 }]);
    expect(messages).toContainEqual(expect.stringContaining('removing stale postmaster.pid'));
  });
});
