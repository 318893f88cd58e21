/**
 * Which group each alert of a body belongs to (src/alerts/grouping.ts): groupKey, group_by labels,
 * generic keys, duplicates, order, titles and long keys.
 */
import { createHash } from 'node:crypto';
import { splitIntoGroups } from '../../../src/alerts/grouping';
import type { IncomingAlert, IncomingBatch } from '../../../src/alerts/formats/types';

function alert(fingerprint: string, over: Partial<IncomingAlert> = {}): IncomingAlert {
  return {
    fingerprint,
    status: 'firing',
    labels: {},
    annotations: {},
    title: `title of ${fingerprint}`,
    severity: null,
    startsAt: new Date('2026-03-04T14:50:00.000Z'),
    endsAt: null,
    links: {},
    value: null,
    ...over,
  };
}

function batch(alerts: IncomingAlert[], over: Partial<IncomingBatch> = {}): IncomingBatch {
  return { groupKey: null, groupLabels: {}, commonLabels: {}, externalUrl: null, truncatedAlerts: 0, alerts, ...over };
}

const NO_GROUP_BY = { groupBy: null };

describe("splitIntoGroups: the sender's groupKey", () => {
  it("makes one group of the whole body, with the body's group labels", () => {
    const groups = splitIntoGroups(
      NO_GROUP_BY,
      batch(
        [
          alert('a1', {
            labels: { alertname: 'HighLatency', instance: 'web-1' },
            title: 'Latency high',
            severity: 'critical',
          }),
          alert('a2', {
            labels: { alertname: 'HighLatency', instance: 'web-2' },
            title: 'Latency high',
            severity: 'warning',
          }),
        ],
        { groupKey: '{}:{alertname="HighLatency"}', groupLabels: { alertname: 'HighLatency' } },
      ),
    );
    expect(groups).toHaveLength(1);
    expect(groups[0].groupKey).toBe('{}:{alertname="HighLatency"}');
    expect(groups[0].groupLabels).toEqual({ alertname: 'HighLatency' });
    expect(groups[0].alerts.map((a) => a.fingerprint)).toEqual(['a1', 'a2']);
    // Named after what groups it: the next body may bring alerts with other summaries.
    expect(groups[0].title).toBe('HighLatency');
  });
});

describe('splitIntoGroups: group_by', () => {
  const byTeam = { groupBy: ['alertname', 'team'] };

  it("splits one body by the labels' values, ignoring the sender's groupKey", () => {
    const groups = splitIntoGroups(
      byTeam,
      batch(
        [
          alert('a1', { labels: { alertname: 'DiskFull', team: 'db' } }),
          alert('a2', { labels: { alertname: 'DiskFull', team: 'web' } }),
          alert('a3', { labels: { alertname: 'DiskFull', team: 'db' } }),
        ],
        { groupKey: '{}:{alertname="DiskFull"}', groupLabels: { alertname: 'DiskFull' } },
      ),
    );
    expect(groups.map((g) => [g.groupKey, g.groupLabels, g.alerts.map((a) => a.fingerprint)])).toEqual([
      ['{alertname="DiskFull",team="db"}', { alertname: 'DiskFull', team: 'db' }, ['a1', 'a3']],
      ['{alertname="DiskFull",team="web"}', { alertname: 'DiskFull', team: 'web' }, ['a2']],
    ]);
  });

  it('two bodies with different groupKeys but the same label values land in the same group', () => {
    const first = splitIntoGroups(
      byTeam,
      batch([alert('a1', { labels: { alertname: 'DiskFull', team: 'db', instance: 'x' } })], { groupKey: 'route-A' }),
    );
    const second = splitIntoGroups(
      byTeam,
      batch([alert('b1', { labels: { alertname: 'DiskFull', team: 'db', instance: 'y' } })], { groupKey: 'route-B' }),
    );
    expect(first[0].groupKey).toBe('{alertname="DiskFull",team="db"}');
    expect(second[0].groupKey).toBe('{alertname="DiskFull",team="db"}');
  });

  it('a missing label groups as the empty value', () => {
    const groups = splitIntoGroups(byTeam, batch([alert('a1', { labels: { alertname: 'DiskFull' } })]));
    expect(groups[0].groupKey).toBe('{alertname="DiskFull",team=""}');
    expect(groups[0].groupLabels).toEqual({ alertname: 'DiskFull', team: '' });
  });

  it('values with quotes and commas cannot make two label sets collide', () => {
    const groups = splitIntoGroups(
      { groupBy: ['a', 'b'] },
      batch([alert('x', { labels: { a: '1",b="2', b: '' } }), alert('y', { labels: { a: '1', b: '2' } })]),
    );
    expect(groups.map((g) => g.groupKey)).toEqual(['{a="1",b="2"}', '{a="1\\",b=\\"2",b=""}']);
  });
});

describe('splitIntoGroups: generic (no groupKey)', () => {
  it('each key is a group of its own', () => {
    const groups = splitIntoGroups(NO_GROUP_BY, batch([alert('disk-db1'), alert('cpu-web3')]));
    expect(groups.map((g) => [g.groupKey, g.groupLabels, g.alerts.map((a) => a.fingerprint)])).toEqual([
      ['key:cpu-web3', {}, ['cpu-web3']],
      ['key:disk-db1', {}, ['disk-db1']],
    ]);
  });
});

describe('splitIntoGroups: duplicates and order', () => {
  it('a fingerprint sent twice in one body is one entry: the last one, at its last position', () => {
    const groups = splitIntoGroups(
      NO_GROUP_BY,
      batch(
        [
          alert('a', { status: 'firing', title: 'first a' }),
          alert('b', { title: 'Same' }),
          alert('a', { status: 'resolved', title: 'Same' }),
        ],
        { groupKey: 'g' },
      ),
    );
    expect(groups).toHaveLength(1);
    expect(groups[0].alerts.map((a) => [a.fingerprint, a.status, a.title])).toEqual([
      ['b', 'firing', 'Same'],
      ['a', 'resolved', 'Same'],
    ]);
    expect(groups[0].title).toBe('Same');
  });

  it('two alerts with the same text but different fingerprints stay two', () => {
    const groups = splitIntoGroups(
      NO_GROUP_BY,
      batch([alert('a', { title: 'Disk full' }), alert('b', { title: 'Disk full' })], { groupKey: 'g' }),
    );
    expect(groups[0].alerts).toHaveLength(2);
  });

  it('groups come out sorted by key, whatever the body order', () => {
    const groups = splitIntoGroups(
      { groupBy: ['team'] },
      batch(['zeta', 'alpha', 'Mid', 'beta'].map((t, i) => alert(`f${i}`, { labels: { team: t } }))),
    );
    expect(groups.map((g) => g.groupKey)).toEqual(['{team="Mid"}', '{team="alpha"}', '{team="beta"}', '{team="zeta"}']);
  });
});

describe('splitIntoGroups: titles', () => {
  it("one shared title is the group's title", () => {
    const groups = splitIntoGroups(
      NO_GROUP_BY,
      batch([alert('a', { title: 'API 5xx' }), alert('b', { title: 'API 5xx' })], { groupKey: 'g' }),
    );
    expect(groups[0].title).toBe('API 5xx');
  });

  it("the group's alertname label names it, whatever its alerts' titles", () => {
    const groups = splitIntoGroups(
      NO_GROUP_BY,
      batch(
        [alert('a', { title: 'web-1 slow' }), alert('b', { title: 'web-2 slow' }), alert('c', { title: 'web-3 slow' })],
        {
          groupKey: 'g',
          groupLabels: { alertname: 'HighLatency' },
          commonLabels: { alertname: 'Other' },
        },
      ),
    );
    expect(groups[0].title).toBe('HighLatency');
  });

  it('the other group label values follow the alertname (at most three)', () => {
    const groups = splitIntoGroups(
      NO_GROUP_BY,
      batch([alert('a', { title: 'web-1 slow' })], {
        groupKey: 'g',
        groupLabels: { alertname: 'HighLatency', team: 'web', region: 'eu', env: 'prod', zone: 'b' },
      }),
    );
    expect(groups[0].title).toBe('HighLatency · web · eu · prod');
  });

  it('different titles, no alertname among the group labels: the first title and how many more', () => {
    const groups = splitIntoGroups(
      NO_GROUP_BY,
      batch([alert('a', { title: 'web-1 slow' }), alert('b', { title: 'web-2 slow' })], {
        groupKey: 'g',
        groupLabels: { team: 'web' },
        commonLabels: { alertname: 'HighLatency' },
      }),
    );
    expect(groups[0].title).toBe('web-1 slow and 1 more');
  });

  it('different titles and no alertname anywhere: the first title and how many more', () => {
    const groups = splitIntoGroups(
      NO_GROUP_BY,
      batch(
        [alert('a', { title: 'web-1 slow' }), alert('b', { title: 'web-2 slow' }), alert('c', { title: 'web-3 slow' })],
        { groupKey: 'g' },
      ),
    );
    expect(groups[0].title).toBe('web-1 slow and 2 more');
  });

  it('with group_by, the alertname among the grouping labels names the group', () => {
    const groups = splitIntoGroups(
      { groupBy: ['alertname'] },
      batch([
        alert('a', { title: 'db-1 full', labels: { alertname: 'DiskFull' } }),
        alert('b', { title: 'db-2 full', labels: { alertname: 'DiskFull' } }),
      ]),
    );
    expect(groups[0].title).toBe('DiskFull');
  });
});

describe('splitIntoGroups: long keys', () => {
  const HASHED = /^(.*)…sha256:([0-9a-f]{64})$/s;

  it('a groupKey longer than 500 characters keeps its start and ends in the sha256 of the whole, 500 in all', () => {
    const long = `{}:{alertname="${'x'.repeat(600)}"}`;
    const key = splitIntoGroups(NO_GROUP_BY, batch([alert('a')], { groupKey: long }))[0].groupKey;
    expect(key).toHaveLength(500);
    const [, start, digest] = HASHED.exec(key)!;
    expect(long.startsWith(start)).toBe(true);
    expect(digest).toBe(createHash('sha256').update(long, 'utf8').digest('hex'));
  });

  it('two keys that differ only after the 500th character are two groups; the same long key is one', () => {
    const shared = `{}:{alertname="DiskFull", cluster="${'c'.repeat(600)}"`;
    const groups = splitIntoGroups(NO_GROUP_BY, batch([alert('a')], { groupKey: `${shared}, instance="db-1"}` }));
    const other = splitIntoGroups(NO_GROUP_BY, batch([alert('b')], { groupKey: `${shared}, instance="db-2"}` }));
    const again = splitIntoGroups(NO_GROUP_BY, batch([alert('c')], { groupKey: `${shared}, instance="db-1"}` }));
    expect(groups[0].groupKey).not.toBe(other[0].groupKey);
    expect(again[0].groupKey).toBe(groups[0].groupKey);
    const byTeam = (team: string) =>
      splitIntoGroups({ groupBy: ['team'] }, batch([alert('a', { labels: { team } })]))[0].groupKey;
    expect(byTeam(`${'y'.repeat(2000)}-a`)).not.toBe(byTeam(`${'y'.repeat(2000)}-b`));
  });

  it('a group_by key longer than 500 characters is hashed too; the group labels keep every character', () => {
    const groups = splitIntoGroups({ groupBy: ['team'] }, batch([alert('a', { labels: { team: 'y'.repeat(2000) } })]));
    expect(groups[0].groupKey).toHaveLength(500);
    expect(groups[0].groupKey).toMatch(HASHED);
    expect(groups[0].groupKey.startsWith(`{team="${'y'.repeat(100)}`)).toBe(true);
    expect(groups[0].groupLabels.team).toHaveLength(2000);
  });

  it('never cuts a character in half before the hash', () => {
    const long = `${'k'.repeat(427)}${'😀'.repeat(100)}`; // the cut at 428 falls inside the first emoji
    const key = splitIntoGroups(NO_GROUP_BY, batch([alert('a')], { groupKey: long }))[0].groupKey;
    const [, start] = HASHED.exec(key)!;
    expect(start).toBe('k'.repeat(427));
  });

  it('keeps a whole character that sits earlier in the key: only a half at the cut is dropped', () => {
    const long = `😀${'k'.repeat(600)}`;
    const key = splitIntoGroups(NO_GROUP_BY, batch([alert('a')], { groupKey: long }))[0].groupKey;
    expect(key).toHaveLength(500);
    expect(HASHED.exec(key)![1]).toBe(`😀${'k'.repeat(426)}`);
  });

  it('a key of exactly 500 characters is kept whole', () => {
    const exact = 'k'.repeat(500);
    expect(splitIntoGroups(NO_GROUP_BY, batch([alert('a')], { groupKey: exact }))[0].groupKey).toBe(exact);
  });
});
