/**
 * The alert group's decide steps (src/alerts/decision.ts): pure functions of the group as it was, the
 * alerts, the route and now, checked here with literal dates and literal expected values.
 */
import {
  decideGroupTimer,
  isHandled,
  judgeGroup,
  planOpening,
  planRaise,
  planLetGo,
  planReopen,
  stateAfter,
} from '../../../src/alerts/decision';
import type { AlertRoute } from '../../../src/config/alerts';

const NOW = new Date('2026-03-04T15:00:00.000Z');
const HOUR = 3_600_000;

describe('judgeGroup', () => {
  it('a firing alert for a key with no live group opens one', () => {
    expect(judgeGroup(null, true, HOUR, NOW)).toEqual({ kind: 'open' });
  });

  it('only resolved alerts for a key with no live group are ignored (a resolved alert never pages)', () => {
    expect(judgeGroup(null, false, HOUR, NOW)).toEqual({
      kind: 'ignore',
      why: 'resolved alerts for a group that is not open',
    });
  });

  it('a firing group is updated, whether the body fires or resolves', () => {
    const firing = { state: 'firing', resolvedAt: null };
    expect(judgeGroup(firing, true, HOUR, NOW)).toEqual({ kind: 'update' });
    expect(judgeGroup(firing, false, HOUR, NOW)).toEqual({ kind: 'update' });
  });

  it('more resolved news for a resolved group is an update, even long after the window', () => {
    const resolved = { state: 'resolved', resolvedAt: new Date('2026-03-01T00:00:00.000Z') };
    expect(judgeGroup(resolved, false, HOUR, NOW)).toEqual({ kind: 'update' });
  });

  it('a resolved group firing again within the window reopens', () => {
    const resolved = { state: 'resolved', resolvedAt: new Date('2026-03-04T14:30:00.000Z') };
    expect(judgeGroup(resolved, true, HOUR, NOW)).toEqual({ kind: 'reopen' });
  });

  it("exactly at the window's end it still reopens; one millisecond later it is replaced", () => {
    const resolved = { state: 'resolved', resolvedAt: new Date('2026-03-04T14:00:00.000Z') };
    expect(judgeGroup(resolved, true, HOUR, new Date('2026-03-04T15:00:00.000Z'))).toEqual({ kind: 'reopen' });
    expect(judgeGroup(resolved, true, HOUR, new Date('2026-03-04T15:00:00.001Z'))).toEqual({ kind: 'replace' });
  });

  it('a resolved group firing again after the window is replaced by a new group', () => {
    const resolved = { state: 'resolved', resolvedAt: new Date('2026-03-04T12:00:00.000Z') };
    expect(judgeGroup(resolved, true, HOUR, NOW)).toEqual({ kind: 'replace' });
  });

  it('reopen_within 0: only a firing in the very same millisecond reopens', () => {
    const resolved = { state: 'resolved', resolvedAt: new Date('2026-03-04T14:59:59.999Z') };
    expect(judgeGroup(resolved, true, 0, NOW)).toEqual({ kind: 'replace' });
    expect(judgeGroup({ state: 'resolved', resolvedAt: NOW }, true, 0, NOW)).toEqual({ kind: 'reopen' });
  });

  it('a resolved group without a resolvedAt is treated as resolved long ago: replaced', () => {
    expect(judgeGroup({ state: 'resolved', resolvedAt: null }, true, HOUR, NOW)).toEqual({ kind: 'replace' });
  });
});

describe('planOpening', () => {
  const route = (over: Partial<AlertRoute> = {}): AlertRoute => ({
    policy: 'critical',
    pageAfterMs: 0,
    declare: null,
    declareAfterMs: 0,
    urgency: 'high',
    private: false,
    ...over,
  });
  const OPENED = new Date('2026-03-04T15:00:00.000Z');

  it('a route with a policy and no page_after pages now', () => {
    expect(planOpening(route(), OPENED, false)).toEqual({ pageNow: true, pageAt: null, declareAt: null });
  });

  it('page_after: no page now, one at openedAt + page_after', () => {
    expect(planOpening(route({ pageAfterMs: 15 * 60_000 }), OPENED, false)).toEqual({
      pageNow: false,
      pageAt: new Date('2026-03-04T15:15:00.000Z'),
      declareAt: null,
    });
  });

  it('no policy: post only (no page now, none later)', () => {
    expect(planOpening(route({ policy: null }), OPENED, false)).toEqual({
      pageNow: false,
      pageAt: null,
      declareAt: null,
    });
    expect(planOpening(route({ policy: null, pageAfterMs: 5 * 60_000 }), OPENED, false)).toEqual({
      pageNow: false,
      pageAt: null,
      declareAt: null,
    });
  });

  it('declare without declare_after: declared at the opening itself', () => {
    expect(planOpening(route({ declare: 'SEV1' }), OPENED, false)).toEqual({
      pageNow: true,
      pageAt: null,
      declareAt: new Date('2026-03-04T15:00:00.000Z'),
    });
  });

  it('declare_after: declared at openedAt + declare_after', () => {
    expect(
      planOpening(route({ declare: 'SEV2', declareAfterMs: 30 * 60_000, pageAfterMs: 10 * 60_000 }), OPENED, false),
    ).toEqual({
      pageNow: false,
      pageAt: new Date('2026-03-04T15:10:00.000Z'),
      declareAt: new Date('2026-03-04T15:30:00.000Z'),
    });
  });

  it('handled (acknowledged before it resolved, or declared from): neither page nor declare', () => {
    expect(planOpening(route({ declare: 'SEV1' }), OPENED, true)).toEqual({
      pageNow: false,
      pageAt: null,
      declareAt: null,
    });
    expect(
      planOpening(route({ pageAfterMs: 15 * 60_000, declare: 'SEV2', declareAfterMs: 60_000 }), OPENED, true),
    ).toEqual({ pageNow: false, pageAt: null, declareAt: null });
  });
});

describe('isHandled and planReopen: an acknowledgement lasts its opening, an incident while it is open', () => {
  const ACKED = new Date('2026-03-04T14:50:00.000Z');

  const OPEN = { closedAt: null };
  const CLOSED_BEFORE_ACK = { closedAt: new Date('2026-03-04T14:49:59.999Z') };
  const CLOSED_AT_ACK = { closedAt: ACKED };
  const CLOSED_AFTER_ACK = { closedAt: new Date('2026-03-04T15:10:00.000Z') };

  it('acknowledged, or with an open incident: handled; a closed incident alone handles nothing', () => {
    expect(isHandled({ acknowledgedAt: ACKED }, null)).toBe(true);
    expect(isHandled({ acknowledgedAt: null }, OPEN)).toBe(true);
    expect(isHandled({ acknowledgedAt: ACKED }, OPEN)).toBe(true);
    expect(isHandled({ acknowledgedAt: null }, CLOSED_AFTER_ACK)).toBe(false);
    expect(isHandled({ acknowledgedAt: null }, null)).toBe(false);
  });

  it('an acknowledgement made before its incident closed ended with it; one made after still holds', () => {
    expect(isHandled({ acknowledgedAt: ACKED }, CLOSED_AFTER_ACK)).toBe(false);
    expect(isHandled({ acknowledgedAt: ACKED }, CLOSED_AT_ACK)).toBe(false);
    expect(isHandled({ acknowledgedAt: ACKED }, CLOSED_BEFORE_ACK)).toBe(true);
  });

  it('reopening with the incident still open: handled, keeping its acknowledgement and incident', () => {
    expect(planReopen({ acknowledgedAt: ACKED, incidentId: 4 }, OPEN)).toEqual({
      handled: true,
      clearAcknowledgement: false,
      unlinkIncident: false,
    });
  });

  it('reopening after the incident closed: not handled; the acknowledgement and the incident go', () => {
    expect(planReopen({ acknowledgedAt: ACKED, incidentId: 4 }, CLOSED_AFTER_ACK)).toEqual({
      handled: false,
      clearAcknowledgement: true,
      unlinkIncident: true,
    });
  });

  it('reopening a group whose incident is gone: not handled; the link goes', () => {
    expect(planReopen({ acknowledgedAt: null, incidentId: 4 }, null)).toEqual({
      handled: false,
      clearAcknowledgement: false,
      unlinkIncident: true,
    });
  });

  it('reopening an acknowledged group with no incident: not handled; the acknowledgement goes', () => {
    expect(planReopen({ acknowledgedAt: ACKED, incidentId: null }, null)).toEqual({
      handled: false,
      clearAcknowledgement: true,
      unlinkIncident: false,
    });
    expect(planReopen({ acknowledgedAt: null, incidentId: null }, null)).toEqual({
      handled: false,
      clearAcknowledgement: false,
      unlinkIncident: false,
    });
  });
});

describe('planLetGo: what a firing group lets go of once its incident closed', () => {
  const CLOSED = new Date('2026-03-04T15:10:00.000Z');
  const before = new Date(CLOSED.getTime() - 1);
  const after = new Date(CLOSED.getTime() + 1);

  it('an open incident, or none: nothing', () => {
    expect(planLetGo({ acknowledgedAt: before, incidentId: 4 }, { closedAt: null })).toEqual({
      unlinkIncident: false,
      clearAcknowledgement: false,
    });
    expect(planLetGo({ acknowledgedAt: before, incidentId: null }, null)).toEqual({
      unlinkIncident: false,
      clearAcknowledgement: false,
    });
  });

  it('a closed incident: the link goes, with an acknowledgement given before or at the close', () => {
    expect(planLetGo({ acknowledgedAt: before, incidentId: 4 }, { closedAt: CLOSED })).toEqual({
      unlinkIncident: true,
      clearAcknowledgement: true,
    });
    expect(planLetGo({ acknowledgedAt: CLOSED, incidentId: 4 }, { closedAt: CLOSED })).toEqual({
      unlinkIncident: true,
      clearAcknowledgement: true,
    });
  });

  it('an acknowledgement given after the close stays; none to clear is none cleared', () => {
    expect(planLetGo({ acknowledgedAt: after, incidentId: 4 }, { closedAt: CLOSED })).toEqual({
      unlinkIncident: true,
      clearAcknowledgement: false,
    });
    expect(planLetGo({ acknowledgedAt: null, incidentId: 4 }, { closedAt: CLOSED })).toEqual({
      unlinkIncident: true,
      clearAcknowledgement: false,
    });
  });

  it('an incident that is gone: the link goes, the acknowledgement stays', () => {
    expect(planLetGo({ acknowledgedAt: before, incidentId: 4 }, null)).toEqual({
      unlinkIncident: true,
      clearAcknowledgement: false,
    });
  });
});

describe('planRaise', () => {
  const route = (over: Partial<AlertRoute> = {}): AlertRoute => ({
    policy: 'critical',
    pageAfterMs: 0,
    declare: null,
    declareAfterMs: 0,
    urgency: 'high',
    private: false,
    ...over,
  });
  const OPENED = new Date('2026-03-04T15:00:00.000Z');
  const at = (minutes: number) => new Date(OPENED.getTime() + minutes * 60_000);

  it('pages now when the new route pages at once, or its page_after has passed since the group opened', () => {
    expect(planRaise(route(), OPENED, false, at(10))).toEqual({ pageNow: true, pageAt: null, declareAt: null });
    expect(planRaise(route({ pageAfterMs: 15 * 60_000 }), OPENED, false, at(15))).toEqual({
      pageNow: true,
      pageAt: null,
      declareAt: null,
    });
  });

  it("else pages at the new route's page_after, counted from the opening", () => {
    expect(planRaise(route({ pageAfterMs: 15 * 60_000 }), OPENED, false, at(5))).toEqual({
      pageNow: false,
      pageAt: at(15),
      declareAt: null,
    });
  });

  it('declares at declare_after from the opening, or now when that has passed', () => {
    const declaring = route({ declare: 'SEV1', declareAfterMs: 30 * 60_000 });
    expect(planRaise(declaring, OPENED, false, at(10)).declareAt).toEqual(at(30));
    expect(planRaise(declaring, OPENED, false, at(45)).declareAt).toEqual(at(45));
  });

  it('a handled group, or a route that only posts, pages nobody', () => {
    expect(planRaise(route({ declare: 'SEV1' }), OPENED, true, at(10))).toEqual({
      pageNow: false,
      pageAt: null,
      declareAt: null,
    });
    expect(planRaise(route({ policy: null }), OPENED, false, at(10))).toEqual({
      pageNow: false,
      pageAt: null,
      declareAt: null,
    });
  });
});

describe('stateAfter', () => {
  it('firing while any alert fires, resolved when none does', () => {
    expect(stateAfter(1)).toBe('firing');
    expect(stateAfter(37)).toBe('firing');
    expect(stateAfter(0)).toBe('resolved');
  });
});

describe('decideGroupTimer', () => {
  const OPENED = '2026-03-04T14:45:00.000Z';
  const group = (
    over: Partial<{
      state: string;
      openedAt: Date;
      acknowledgedAt: Date | null;
      incidentId: number | null;
      pageOpen: boolean;
    }> = {},
  ) => ({
    state: 'firing',
    openedAt: new Date(OPENED),
    acknowledgedAt: null,
    incidentId: null,
    pageOpen: false,
    ...over,
  });

  it('acts for the opening it was armed for while the group still fires', () => {
    expect(decideGroupTimer(group(), OPENED, 'page')).toEqual({ kind: 'act' });
    expect(decideGroupTimer(group(), OPENED, 'declare')).toEqual({ kind: 'act' });
  });

  it('the group is gone', () => {
    expect(decideGroupTimer(null, OPENED, 'page')).toEqual({ kind: 'nothing', why: 'group gone' });
  });

  it('armed for an earlier opening (the group resolved and reopened since)', () => {
    expect(decideGroupTimer(group({ openedAt: new Date('2026-03-04T14:50:00.000Z') }), OPENED, 'page')).toEqual({
      kind: 'nothing',
      why: 'armed for an earlier opening',
    });
    expect(decideGroupTimer(group({ openedAt: new Date('2026-03-04T14:45:00.001Z') }), OPENED, 'declare')).toEqual({
      kind: 'nothing',
      why: 'armed for an earlier opening',
    });
  });

  it('the group resolved', () => {
    expect(decideGroupTimer(group({ state: 'resolved' }), OPENED, 'page')).toEqual({
      kind: 'nothing',
      why: 'resolved',
    });
    expect(decideGroupTimer(group({ state: 'resolved' }), OPENED, 'declare')).toEqual({
      kind: 'nothing',
      why: 'resolved',
    });
  });

  it('an incident was declared from the group', () => {
    expect(decideGroupTimer(group({ incidentId: 12 }), OPENED, 'page')).toEqual({
      kind: 'nothing',
      why: 'an incident was declared',
    });
    expect(decideGroupTimer(group({ incidentId: 12 }), OPENED, 'declare')).toEqual({
      kind: 'nothing',
      why: 'an incident was declared',
    });
  });

  it('acknowledged: no page, but the declare timer still acts', () => {
    const acked = group({ acknowledgedAt: new Date('2026-03-04T14:47:00.000Z') });
    expect(decideGroupTimer(acked, OPENED, 'page')).toEqual({ kind: 'nothing', why: 'acknowledged' });
    expect(decideGroupTimer(acked, OPENED, 'declare')).toEqual({ kind: 'act' });
  });

  it('already paging: no second page, but the declare timer still acts', () => {
    expect(decideGroupTimer(group({ pageOpen: true }), OPENED, 'page')).toEqual({
      kind: 'nothing',
      why: 'already paging',
    });
    expect(decideGroupTimer(group({ pageOpen: true }), OPENED, 'declare')).toEqual({ kind: 'act' });
  });
});
