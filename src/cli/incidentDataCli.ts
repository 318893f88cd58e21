/**
 * What `npm run export` and `npm run delete-incident` share: their arguments, the database and policy
 * they open (as `npm start` would: .env, DATABASE_URL or the embedded Postgres, INCIDENT_CONFIG), and
 * the audit logger (pino JSON on stderr, so stdout stays the command's output).
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createLogger, type Logger } from '../common/logger';
import { loadPolicy, type PolicyConfig } from '../config/policy';
import { choosePolicyFile } from '../config/policyFile';
import { applySecretFiles } from '../config/secretFiles';
import { resolveDatabase } from '../db/databaseUrl';
import { createPrismaClient } from '../db/prismaClient';
import type { Db } from '../db/types';

export interface DataCliIo {
  db: Db;
  config: PolicyConfig;
  /** Who ran it ($USER), for the audit line. */
  operator: string;
  log: Logger;
  out(text: string): void;
  err(text: string): void;
  writeFile(file: string, text: string): void;
}

/** `--name value` pairs and bare `--flags`; anything else is an error message. */
export function parseFlags(
  argv: string[],
  valued: string[],
  flags: string[],
): { values: Record<string, string>; set: Set<string> } | string {
  const values: Record<string, string> = {};
  const set = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (!argv[i].startsWith('--')) return `unexpected argument "${argv[i]}"`;
    if (flags.includes(name)) set.add(name);
    else if (valued.includes(name)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) return `--${name} needs a value`;
      values[name] = value;
    } else return `unknown option --${name}`;
  }
  return { values, set };
}

export const INCIDENT_FORMS = '--incident needs the incident: its reference (INC-2026-0042) or its id (42)';

/**
 * The incident `--incident` names: its id, or its reference (INC-2026-0042, looked up). Undefined: the
 * text is neither; null: a reference no incident has.
 */
export async function incidentIdOf(db: Db, text: string | undefined): Promise<number | null | undefined> {
  if (text && /^\d{1,9}$/.test(text)) return Number(text);
  const ref = text
    ?.trim()
    .toUpperCase()
    .match(/^INC-(\d{4})-(\d{1,6})$/);
  if (!ref) return undefined;
  const found = await db.incident.findFirst({
    where: { year: Number(ref[1]), number: Number(ref[2]) },
    select: { id: true },
  });
  return found?.id ?? null;
}

export interface IncidentArgs {
  values: Record<string, string>;
  set: Set<string>;
  incidentId: number;
}

/**
 * The command's arguments and the incident `--incident` names; or, when they are wrong, the exit code
 * after telling why (2: bad arguments, with the usage; 1: no such incident, "nothing <done>").
 */
export async function readIncidentArgs(
  argv: string[],
  io: DataCliIo,
  options: { valued: string[]; flags: string[]; usage: string; done: string },
): Promise<IncidentArgs | number> {
  const args = parseFlags(argv, ['incident', ...options.valued], options.flags);
  const incidentId = typeof args === 'string' ? undefined : await incidentIdOf(io.db, args.values.incident);
  if (typeof args === 'string' || incidentId === undefined) {
    io.err(typeof args === 'string' ? args : INCIDENT_FORMS);
    io.err(options.usage);
    return 2;
  }
  if (incidentId === null) {
    io.err(`No incident ${args.values.incident}: nothing ${options.done}.`);
    return 1;
  }
  return { ...args, incidentId };
}

/** Opens what the command needs, runs it, closes everything, and sets the exit code. */
export async function runWithIo(run: (io: DataCliIo) => Promise<number>): Promise<void> {
  const envFile = path.join(process.cwd(), '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  // As the bot reads them in a container: DATABASE_URL_FILE and the policy file INCIDENT_CONFIG names.
  applySecretFiles(process.env);
  const config = loadPolicy(choosePolicyFile(process.env.INCIDENT_CONFIG).file);
  const database = await resolveDatabase(process.env, {
    dataDir: path.resolve(process.env.EMBEDDED_POSTGRES_DIR ?? './.data/postgres'),
    log: (msg) => console.error(msg),
  });
  const db = createPrismaClient(database.url);
  try {
    process.exitCode = await run({
      db,
      config,
      operator: process.env.USER ?? process.env.LOGNAME ?? 'unknown',
      log: createLogger(process.env.LOG_LEVEL ?? 'info', pino.destination(2)),
      out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
      err: (text) => console.error(text),
      writeFile: (file, text) => writeFileSync(file, text),
    });
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}

/** The database or policy file could not be opened: say why, exit 1. */
export function failed(error: unknown): void {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
