/**
 * The policy file (`incident.config.yml`, YAML or JSON): severities, escalation policies, schedules,
 * channels and command names. Parsed with zod into typed objects; every error names the file, the key
 * path and what is expected, so an operator can fix it without reading code.
 */
import { readFileSync, existsSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { duration } from './zodDuration';
import { parseTarget, Target, TARGET_FORMS, targetForms } from './targets';
import { buildSchedules, scheduleTargetProblem, splitScheduleTarget } from './schedules';
import { SLACK_BUILT_IN_COMMANDS } from './slackBuiltInCommands';
import type { ScheduleSpec } from './scheduleTypes';
import { buildAlerts, ZAlerts, type AlertIntegration } from './alerts';
import { ZRetention, type RetentionConfig } from './retention';
import { ZAlertDigest, type AlertDigestConfig } from './alertDigest';
import { severityFromInput, type SeverityConfig } from './severities';
import { ZNotificationRules, ZPeople, ZUrgency, type DeclaredMethods, type NotificationRules } from './contact';
import { unknownKeyProblems } from './unknownKeys';
import { parseSections } from './policySections';
import { describeYamlError } from './yamlError';

export type { SeverityConfig } from './severities';

export interface EscalationLevel {
  notify: Target[];
  ackTimeoutMs: number;
}

export interface EscalationPolicy {
  name: string;
  levels: EscalationLevel[];
  /** How many more times the levels run after the first pass. */
  repeat: number;
  unresolved: { afterMs: number; notify: Target[] }[];
}

export interface PagingLimits {
  /** Targets one `/page` may name. */
  maxTargets: number;
  /** Pages one person may start within `windowMs` (a runaway script, or a colleague paged a hundred times). */
  maxPagesPerPerson: number;
  windowMs: number;
}

export interface PolicyConfig {
  timezone: string;
  /** Who may close any incident, change its severity, reassign its roles and mark its post-mortem done (besides its role holders). */
  admins: Target[];
  paging: PagingLimits;
  /** How long channel set-up may keep failing before a human is told (DM to the reporter, post in the announce channel). */
  channelSetupTimeoutMs: number;
  /** How long each kind of data is kept (config/retention.ts). */
  retention: RetentionConfig;
  /** After `/incident postmortem done`, the incident channel is archived this much later (0: at once). */
  archiveAfterMs: number;
  /** privatePostmortem: where a private incident's post-mortem goes (null: only its own channel). */
  channels: { announce: string; postmortem: string; handoff: string | null; privatePostmortem: string | null };
  /** What leaves a private incident's channel (incidents/privacy.ts). */
  privateIncidents: PrivateIncidentsConfig;
  commands: { incident: string; page: string; status: string; oncall: string };
  /** Placeholders: {date} (YYYYMMDD in `timezone`), {slug}, {id}, {severity}. */
  channelNamePattern: string;
  /** In the order written: the first is the most severe. */
  severities: SeverityConfig[];
  escalationPolicies: Record<string, EscalationPolicy>;
  schedules: Record<string, ScheduleSpec>;
  /** Monitoring integrations by name (POST /alerts/<name>). */
  alerts: Record<string, AlertIntegration>;
  /** When new alert groups share one digest message instead of one message each. */
  alertDigest: AlertDigestConfig;
  /**
   * Alerts (of bodies received, not yet stored) that may wait for the database; a body beyond it is
   * answered 503 + Retry-After, which Alertmanager retries (alerts/batcher.ts).
   */
  alertIntakeMaxWaiting: number;
  /** Contact methods declared as code, by Slack user id: verified by being written here. */
  people: Record<string, DeclaredMethods>;
  /** Default notification rules per urgency; a person's own (stored) rules replace them. */
  notificationRules: NotificationRules;
  /** Whether Slack guest accounts may declare, page and steer incidents (incidents/guests.ts). */
  allowGuests: boolean;
}

export interface PrivateIncidentsConfig {
  /** `count`: the announce channel is told "a private incident was declared" (no number, no title); `none`: nothing. */
  announce: 'none' | 'count';
  /** Page DMs, texts, calls and mails of a private incident carry its title (default: its number only). */
  pagesShowTitle: boolean;
}

/** A few flushes' worth (2,000 alerts each): a storm's backlog, not an unbounded heap. */
export const DEFAULT_ALERT_INTAKE_MAX_WAITING = 20_000;

/** A level written without ack_timeout waits this long before the next level (or the repeat). */
export const DEFAULT_ACK_TIMEOUT_MS = 5 * 60_000;

export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
  }

  explain(): string {
    // A problem of several lines (a YAML error shows its line) keeps them under its bullet.
    return [
      `The policy file ${this.file} is not valid:`,
      ...this.problems.map((p) => `  - ${p.replace(/\n/g, '\n    ')}`),
    ].join('\n');
  }
}

/** `expected`: what the message asks for, naming only the forms this key accepts. */
const targetOf = (expected: string, kinds?: readonly Target['kind'][]) =>
  z.string({ error: `expected ${expected}` }).transform((text, ctx) => {
    const parsed = parseTarget(text);
    if (!parsed || (kinds && !kinds.includes(parsed.kind))) {
      ctx.addIssue({ code: 'custom', message: `expected ${expected}, got "${text}"` });
      return z.NEVER;
    }
    return parsed;
  });

const target = targetOf(`a target: ${TARGET_FORMS}`);

const timezone = z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as UTC or Europe/London' });

const commandName = z
  .string()
  .regex(/^\/[a-z0-9_-]{1,31}$/, { message: 'expected a slash command like /incident (lowercase, no spaces)' })
  .refine((c) => !SLACK_BUILT_IN_COMMANDS.has(c), {
    message: "is one of Slack's built-in commands, which apps cannot register",
  });

const ZSeverity = z.strictObject({
  aliases: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
  description: z.string().optional(),
  update_every: duration('a duration').optional(),
  policy: z.string().optional(),
  page_on_declare: z.boolean().default(false),
  mtta_target: duration('a duration').optional(),
  mttr_target: duration('a duration').optional(),
  /** `48h`, or `none` for an optional review. Unset: 48h for the most severe, optional below (our incident process). */
  review_within: z.union([z.literal('none'), duration('a duration or none')]).optional(),
  /** Unset: high for the most severe two, low below (our alerting design: critical pages wake people). */
  urgency: ZUrgency.optional(),
  /** Every incident of this severity is private from its first moment (incidents/privacy.ts). */
  private: z.boolean().default(false),
});

const ZLevel = z.strictObject({
  notify: z.array(target).min(1, { message: 'expected at least one target' }),
  ack_timeout: duration('a duration').optional(),
});

const ZPolicy = z.strictObject({
  levels: z.array(ZLevel).min(1, { message: 'expected at least one level' }),
  repeat: z.number().int().min(0).max(10).default(0),
  unresolved: z.array(z.strictObject({ after: duration('a duration'), notify: z.array(target).min(1) })).default([]),
});

const ZPolicyFile = z.strictObject({
  timezone: timezone.default('UTC'),
  admins: z
    .array(targetOf(`a person or user group: ${targetForms(['user', 'usergroup'])}`, ['user', 'usergroup']))
    .default([]),
  paging: z
    .strictObject({
      max_targets: z.number().int().min(1).max(100).default(20),
      max_pages_per_person: z.number().int().min(1).default(10),
      per: duration('a duration').default(10 * 60_000),
    })
    .default({ max_targets: 20, max_pages_per_person: 10, per: 10 * 60_000 }),
  channel_setup_timeout: duration('a duration').default(2 * 60_000),
  retention: ZRetention,
  archive_after: z.union([z.literal(0), duration('a duration')]).default(0),
  channels: z
    .strictObject({
      announce: z.string().default('incidents'),
      postmortem: z.string().default('engineering'),
      handoff: z.string().optional(),
      /** A private channel the bot is in; unset: a private incident's post-mortem stays in its own channel. */
      private_postmortem: z.string().optional(),
    })
    .default({ announce: 'incidents', postmortem: 'engineering' }),
  commands: z
    .strictObject({
      incident: commandName.default('/incident'),
      page: commandName.default('/page'),
      status: commandName.default('/incident-status'),
      oncall: commandName.default('/oncall'),
    })
    .default({ incident: '/incident', page: '/page', status: '/incident-status', oncall: '/oncall' }),
  channel_name: z
    .string()
    .refine((p) => p.includes('{slug}') || p.includes('{id}'), {
      message: 'expected a pattern containing {slug} or {id}, e.g. incident-{date}-{slug}',
    })
    .default('incident-{date}-{slug}'),
  severities: z
    .record(z.string().regex(/^[A-Za-z0-9_-]+$/), ZSeverity, {
      // zod's own text for a bad record key ("Invalid key in record") does not say what a name may be.
      error: (issue) =>
        issue.code === 'invalid_key' ? 'expected a severity name of letters, digits, - or _ (e.g. SEV1)' : undefined,
    })
    .optional(),
  escalation_policies: z.record(z.string(), ZPolicy).default({}),
  schedules: z.record(z.string(), z.unknown()).default({}),
  alerts: ZAlerts,
  alert_digest: ZAlertDigest,
  people: ZPeople,
  notification_rules: ZNotificationRules,
  alert_intake: z
    .strictObject({ max_waiting: z.number().int().min(1).default(DEFAULT_ALERT_INTAKE_MAX_WAITING) })
    .default({ max_waiting: DEFAULT_ALERT_INTAKE_MAX_WAITING }),
  allow_guests: z.boolean().default(false),
  /** What the announce channel hears of a private incident: nothing, or that one was declared. */
  announce_private: z.enum(['none', 'count']).default('none'),
  /** What a private incident's pages say: its number only, or its title too. */
  private_pages: z.enum(['number_only', 'with_title']).default('number_only'),
});

/** Built-in defaults, our incident process: SEV1–SEV4, status updates every 15 m / 30 m / 1 h / none. */
export const DEFAULT_SEVERITIES: SeverityConfig[] = [
  {
    key: 'SEV1',
    aliases: ['1', 'P1', 'critical'],
    description: 'Complete outage or data loss',
    updateEveryMs: 15 * 60_000,
    policy: null,
    pageOnDeclare: false,
    mttaTargetMs: 5 * 60_000,
    mttrTargetMs: 30 * 60_000,
    reviewWithinMs: 48 * 60 * 60_000,
    urgency: 'high',
    private: false,
  },
  {
    key: 'SEV2',
    aliases: ['2', 'P2', 'major'],
    description: 'Major functionality impaired for many users',
    updateEveryMs: 30 * 60_000,
    policy: null,
    pageOnDeclare: false,
    mttaTargetMs: null,
    mttrTargetMs: null,
    reviewWithinMs: null,
    urgency: 'high',
    private: false,
  },
  {
    key: 'SEV3',
    aliases: ['3', 'P3', 'minor'],
    description: 'Minor functionality impaired, workaround exists',
    updateEveryMs: 60 * 60_000,
    policy: null,
    pageOnDeclare: false,
    mttaTargetMs: null,
    mttrTargetMs: null,
    reviewWithinMs: null,
    urgency: 'low',
    private: false,
  },
  {
    key: 'SEV4',
    aliases: ['4', 'P4', 'low'],
    description: 'Cosmetic or low impact',
    updateEveryMs: null,
    policy: null,
    pageOnDeclare: false,
    mttaTargetMs: null,
    mttrTargetMs: null,
    reviewWithinMs: null,
    urgency: 'low',
    private: false,
  },
];

/** Parse a policy document already read from `file` (the name is only for messages). */
export function parsePolicy(raw: unknown, file: string): PolicyConfig {
  const whole = ZPolicyFile.safeParse(raw ?? {});
  const problems: string[] = whole.success ? [] : whole.error.issues.flatMap(describeIssue);
  // The cross-reference checks below run on whatever parsed, so one run reports every error.
  const sections = parseSections(ZPolicyFile.shape, raw ?? {});
  const part = sections.parsed as Partial<z.output<typeof ZPolicyFile>>;

  const schedules = buildSchedules(part.schedules ?? {}, problems);
  const scheduleWritten = (name: string) =>
    sections.unsure('schedules', name) || Object.hasOwn(Object(sections.written('schedules') ?? {}), name);

  const escalationPolicies: Record<string, EscalationPolicy> = {};
  for (const [name, p] of Object.entries(part.escalation_policies ?? {})) {
    const checkTargets = (targets: Target[], path: string) =>
      targets.forEach((t, i) => {
        if (t.kind !== 'schedule') return;
        // A schedule that is written but broken has its own error; "not defined" would mislead.
        const { schedule } = splitScheduleTarget(t.name);
        if (!schedules[schedule] && scheduleWritten(schedule)) return;
        const problem = scheduleTargetProblem(t.name, schedules);
        if (problem) problems.push(`${path}.${i}: ${problem}`);
      });
    p.levels.forEach((l, i) => checkTargets(l.notify, `escalation_policies.${name}.levels.${i}.notify`));
    p.unresolved.forEach((u, i) => {
      checkTargets(u.notify, `escalation_policies.${name}.unresolved.${i}.notify`);
      u.notify.forEach((t, j) => {
        if (t.kind === 'pagerduty')
          problems.push(
            `escalation_policies.${name}.unresolved.${i}.notify.${j}: a PagerDuty service takes pages, not notices; put pagerduty:${t.name} in a level`,
          );
      });
    });
    escalationPolicies[name] = {
      name,
      levels: p.levels.map((l) => ({ notify: l.notify, ackTimeoutMs: l.ack_timeout ?? DEFAULT_ACK_TIMEOUT_MS })),
      repeat: p.repeat,
      unresolved: p.unresolved.map((u) => ({ afterMs: u.after, notify: u.notify })),
    };
  }

  const policyKnown = (name: string) =>
    Boolean(escalationPolicies[name]) || sections.unsure('escalation_policies', name);
  const severities: SeverityConfig[] = part.severities
    ? Object.entries(part.severities).map(([key, s], index) => {
        if (s.policy && !policyKnown(s.policy)) {
          problems.push(`severities.${key}.policy: "${s.policy}" is not defined under escalation_policies`);
        }
        if (s.page_on_declare && !s.policy) {
          problems.push(`severities.${key}.page_on_declare: needs a policy to page`);
        }
        // /metrics counts open private incidents under severity="private" (runtime/metrics.ts).
        if (key.toLowerCase() === 'private')
          problems.push(
            `severities.${key}: "private" is reserved (private incidents are counted under it); pick another name`,
          );
        return {
          key,
          aliases: s.aliases,
          description: s.description ?? null,
          updateEveryMs: s.update_every ?? null,
          policy: s.policy ?? null,
          pageOnDeclare: s.page_on_declare,
          // Unset: our incident process's targets for the most severe (MTTA < 5 min, MTTR < 30 min), none below.
          mttaTargetMs: s.mtta_target ?? (index === 0 ? 5 * 60_000 : null),
          mttrTargetMs: s.mttr_target ?? (index === 0 ? 30 * 60_000 : null),
          reviewWithinMs:
            s.review_within === 'none' ? null : (s.review_within ?? (index === 0 ? 48 * 60 * 60_000 : null)),
          urgency: s.urgency ?? (index < 2 ? 'high' : 'low'),
          private: s.private,
        };
      })
    : DEFAULT_SEVERITIES;
  if (severities.length === 0 && !sections.broken.has('severities'))
    problems.push('severities: expected at least one severity');

  const commands = Object.values(part.commands ?? {});
  if (new Set(commands).size !== commands.length) problems.push('commands: each command needs its own name');

  const alerts = buildAlerts(
    part.alerts ?? {},
    {
      policy: policyKnown,
      // With a broken severity the names it would answer to are unknown: take any name as one.
      severity: (name) => severityFromInput(name, severities)?.key ?? (sections.broken.has('severities') ? name : null),
    },
    problems,
  );

  if (problems.length || !whole.success) throw new PolicyError(file, problems);
  const doc = whole.data;
  return {
    timezone: doc.timezone,
    admins: doc.admins,
    paging: {
      maxTargets: doc.paging.max_targets,
      maxPagesPerPerson: doc.paging.max_pages_per_person,
      windowMs: doc.paging.per,
    },
    channelSetupTimeoutMs: doc.channel_setup_timeout,
    retention: doc.retention,
    archiveAfterMs: doc.archive_after,
    channels: {
      announce: stripHash(doc.channels.announce),
      postmortem: stripHash(doc.channels.postmortem),
      handoff: doc.channels.handoff ? stripHash(doc.channels.handoff) : null,
      privatePostmortem: doc.channels.private_postmortem ? stripHash(doc.channels.private_postmortem) : null,
    },
    privateIncidents: { announce: doc.announce_private, pagesShowTitle: doc.private_pages === 'with_title' },
    commands: doc.commands,
    channelNamePattern: doc.channel_name,
    severities,
    escalationPolicies,
    schedules,
    alerts,
    alertDigest: doc.alert_digest,
    alertIntakeMaxWaiting: doc.alert_intake.max_waiting,
    people: doc.people,
    notificationRules: doc.notification_rules,
    allowGuests: doc.allow_guests,
  };
}

/** Read and parse the policy file; a missing file means the built-in defaults. */
export function loadPolicy(file: string): PolicyConfig {
  if (!existsSync(file)) return parsePolicy({}, file);
  let raw: unknown;
  const source = readFileSync(file, 'utf8');
  try {
    raw = parseYaml(source);
  } catch (error) {
    if (error instanceof YAMLParseError) throw new PolicyError(file, [describeYamlError(file, source, error)]);
    throw error;
  }
  return parsePolicy(raw, file);
}

/** One line per problem; an unknown key gets its full path and the key most likely meant. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') return unknownKeyProblems(ZPolicyFile, issue.path, issue.keys);
  return [`${formatPath(issue.path)}: ${issue.message}`];
}

function formatPath(path: PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : '(top level)';
}

function stripHash(name: string): string {
  return name.replace(/^#/, '');
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
