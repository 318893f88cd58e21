/**
 * The workspace the local Slack starts with, read from the bot's policy: everyone the policy names
 * (schedule members, people and user groups in escalation policies, admins) plus someone to report
 * incidents, the channels the bot posts in, and each person's DM with the bot.
 */
import type { PolicyConfig } from '../config/policy';
import type { ScheduleSpec } from '../config/scheduleTypes';
import type { Target } from '../config/targets';
import type { SlackStandin } from '../slackSimulator/standin';

export const REPORTER_ID = 'U0REPORTER';

/** Names for the ids of incident.config.example.yml, so the demo reads like a team. */
const KNOWN_PEOPLE: Record<string, { name: string; realName: string }> = {
  U0REPORTER: { name: 'riley', realName: 'Riley Reporter' },
  U0AAA: { name: 'ana', realName: 'Ana Alvarez' },
  U0BBB: { name: 'ben', realName: 'Ben Brooks' },
  U0CCC: { name: 'cleo', realName: 'Cleo Chen' },
  U0MANAGER: { name: 'morgan', realName: 'Morgan Lee (manager)' },
  U0VPENG: { name: 'vera', realName: 'Vera Patel (VP Eng)' },
  U0CTO: { name: 'theo', realName: 'Theo Grant (CTO)' },
};

export interface SeededPerson {
  id: string;
  name: string;
  realName: string;
  tz: string;
}

export interface Seeded {
  /** Reporter first, then schedule members, admins, everyone else the policy names. */
  people: SeededPerson[];
  channels: string[];
}

function everyTarget(config: PolicyConfig): Target[] {
  const policies = Object.values(config.escalationPolicies);
  return [
    ...config.admins,
    ...policies.flatMap((p) => p.levels.flatMap((l) => l.notify)),
    ...policies.flatMap((p) => p.unresolved.flatMap((u) => u.notify)),
  ];
}

/** Everyone who can be on call for a schedule: its rotation, its layers' own rotations, its overrides. */
export function scheduleMembers(s: ScheduleSpec): string[] {
  const layers = Object.values(s.layers).flatMap((l) => (l.kind === 'rotation' ? l.rotation.members : []));
  return [...new Set([...s.members, ...layers, ...s.overrides.map((o) => o.user)])];
}

/** `usergroup:S0SRE` → `sre`. */
export function groupHandle(id: string): string {
  return id.replace(/^S0?/, '').toLowerCase() || id.toLowerCase();
}

function peopleOf(config: PolicyConfig): SeededPerson[] {
  const schedules = Object.values(config.schedules);
  const defaultTz = schedules[0]?.timezone ?? config.timezone;
  const tzOf = new Map<string, string>();
  for (const s of schedules) for (const m of scheduleMembers(s)) if (!tzOf.has(m)) tzOf.set(m, s.timezone);
  const adminIds = config.admins.flatMap((t) => (t.kind === 'user' ? [t.id] : []));
  const targetIds = everyTarget(config).flatMap((t) => (t.kind === 'user' ? [t.id] : []));
  const ids = [...new Set([REPORTER_ID, ...tzOf.keys(), ...adminIds, ...targetIds])];
  return ids.map((id) => ({
    id,
    name: KNOWN_PEOPLE[id]?.name ?? id.toLowerCase(),
    realName: KNOWN_PEOPLE[id]?.realName ?? id.toLowerCase(),
    tz: tzOf.get(id) ?? defaultTz,
  }));
}

function channelNames(config: PolicyConfig): string[] {
  const { announce, postmortem, handoff } = config.channels;
  const alertChannels = Object.values(config.alerts).map((a) => a.channel);
  return [...new Set([announce, postmortem, 'general', ...(handoff ? [handoff] : []), ...alertChannels])];
}

export function seedWorkspace(standin: SlackStandin, config: PolicyConfig): Seeded {
  const people = peopleOf(config);
  for (const p of people) {
    standin.addUser({ id: p.id, name: p.name, realName: p.realName, displayName: p.name, tz: p.tz });
    // The DM with the bot is there from the start, so everyone's sidebar shows it.
    standin.workspace.imFor(p.id);
  }
  const onCallPeople = [...new Set(Object.values(config.schedules).flatMap(scheduleMembers))];
  const groupMembers = onCallPeople.length ? onCallPeople : people.slice(1).map((p) => p.id);
  const groupIds = new Set(everyTarget(config).flatMap((t) => (t.kind === 'usergroup' ? [t.id] : [])));
  for (const id of groupIds) standin.addUsergroup({ id, handle: groupHandle(id), users: groupMembers });
  const channels = channelNames(config);
  for (const name of channels) standin.addChannel({ name, members: people.map((p) => p.id) });
  return { people, channels };
}
