/**
 * Every outbox job key, made here and nowhere else. A key is the job's identity: the same logical
 * action always gets the same key, so a retry, a double click or a second replica cannot enqueue it
 * twice. Keys that include an instant (`at`) are one per action at that instant.
 */
/** An escalation step: a policy level (-1: the people paged directly) on a pass (cycle) through the policy. */
type Step = { level: number; cycle: number };

const ms = (at: Date) => at.getTime();
const step = (s: Step) => `c${s.cycle}:l${s.level}`;

export const jobKey = {
  /** The answer to a submitted declare form (a DM: a form has no response_url), once per submission. */
  formAnswer: (viewId: string) => `form-answer:${viewId}`,

  // Incident set-up and upkeep
  provision: (incidentId: number) => `provision:${incidentId}`,
  setupCheck: (incidentId: number) => `setup-check:${incidentId}`,
  setupStuckPost: (incidentId: number, part: 'dm' | 'announce') => `setup-stuck:${incidentId}:${part}`,
  summaryRefresh: (incidentId: number) => `summary:${incidentId}`,
  invite: (incidentId: number, userId: string, at: Date) => `invite:${incidentId}:${userId}:${ms(at)}`,
  rolePost: (incidentId: number, role: string, at: Date) => `role:${incidentId}:${role}:${ms(at)}`,
  statusPost: (incidentId: number, at: Date, part: 'channel' | 'announce' | 'close-prompt') =>
    `status:${incidentId}:${ms(at)}:${part}`,
  severityPost: (incidentId: number, at: Date, part: 'channel' | 'announce') =>
    `severity:${incidentId}:${ms(at)}:${part}`,
  stopwatchPost: (incidentId: number, at: Date) => `timer:${incidentId}:${ms(at)}`,
  notePost: (incidentId: number, at: Date, actorId: string) => `note:${incidentId}:${ms(at)}:${actorId}`,
  closePost: (incidentId: number, part: 'channel' | 'announce') => `close:${incidentId}:${part}`,
  /** A private incident made public: once (it cannot become private again). */
  visibilityPost: (incidentId: number, part: 'channel' | 'announce') => `public:${incidentId}:${part}`,
  joinPost: (incidentId: number, userId: string, at: Date) => `join:${incidentId}:${userId}:${ms(at)}`,
  postmortem: (incidentId: number) => `postmortem:${incidentId}`,
  /** `/incident postmortem`: render and post again, with everything recorded since. */
  postmortemAgain: (incidentId: number, at: Date) => `postmortem:${incidentId}:${ms(at)}`,
  postmortemFailedPost: (postmortemJobKey: string) => `${postmortemJobKey}:failed`,
  postmortemNotPrivatePost: (postmortemJobKey: string) => `${postmortemJobKey}:not-private`,
  reviewDue: (incidentId: number) => `review-due:${incidentId}`,
  reviewDuePost: (incidentId: number, part: 'dm' | 'channel') => `review-due:${incidentId}:${part}`,
  archive: (incidentId: number) => `archive:${incidentId}`,
  archiveFailedPost: (incidentId: number) => `archive:${incidentId}:failed`,
  actionItemDue: (actionItemId: number) => `action-due:${actionItemId}`,
  actionItemDuePost: (actionItemId: number) => `action-due:${actionItemId}:dm`,

  // Paging
  escalation: (pageId: number) => `escalation:${pageId}`,
  pageDm: (pageId: number, s: Step, userId: string) => `page:${pageId}:${step(s)}:${userId}`,
  /** The people of one step of a private incident's page, let into its channel. */
  pageInvite: (pageId: number, s: Step) => `page-invite:${pageId}:${step(s)}`,
  pageContact: (pageId: number, s: Step, userId: string, ruleStep: number) =>
    `page-contact:${pageId}:${step(s)}:${userId}:${ruleStep}`,
  /** A page's PagerDuty acknowledge or resolve (its trigger is the contact's pageContact key). */
  pagerDutyFollow: (contactId: number, action: 'acknowledge' | 'resolve') => `pagerduty:${contactId}:${action}`,
  /** "Could not reach @x by SMS": once per rule step that failed. */
  contactFailedPost: (contactId: number) => `contact-failed:${contactId}`,
  /** "Paged @x by SMS/call/email": once per rule step sent. */
  contactSentPost: (contactId: number) => `contact-sent:${contactId}`,
  /** A text or call's acknowledgement from outside Slack, answered in a DM ("STOP" honoured, …). */
  contactNoticeDm: (userId: string, what: string) => `contact-notice:${userId}:${what}`,
  pageChannelPost: (pageId: number, s: Step, channelId: string) => `page:${pageId}:${step(s)}:${channelId}`,
  pagedPost: (pageId: number, s: Step) => `paged:${pageId}:${step(s)}`,
  skippedStepPost: (pageId: number, s: Step) => `skip:${pageId}:${step(s)}`,
  exhaustedPost: (pageId: number) => `exhausted:${pageId}`,
  escalatedPost: (pageId: number, s: Step) => `escalated:${pageId}:${step(s)}`,
  acknowledgedPost: (pageId: number) => `ack:${pageId}`,
  undeliveredPost: (pageId: number, s: Step, userId: string) => `undelivered:${pageId}:${step(s)}:${userId}`,
  unreachableStepPost: (pageId: number, s: Step) => `unreachable:${pageId}:${step(s)}`,
  /** Re-render a sent page DM as acknowledged. */
  pageDmAcknowledged: (notificationId: number) => `dm-update:${notificationId}`,
  /** Re-render a sent page DM as no longer needed (its alert group resolved). */
  pageDmCancelled: (notificationId: number) => `dm-cancelled:${notificationId}`,
  /** Add the incident channel's link to a page DM sent before the channel existed. */
  pageDmChannelLink: (notificationId: number) => `dm-link:${notificationId}`,

  // Reminders and stakeholder notices
  cadence: (incidentId: number) => `cadence:${incidentId}`,
  reminderPost: (incidentId: number, dueAt: Date, part?: 'dm') =>
    `reminder:${incidentId}:${ms(dueAt)}${part ? `:${part}` : ''}`,
  stakeholderNotice: (incidentId: number, from: Date, index: number) => `unresolved:${incidentId}:${ms(from)}:${index}`,
  stakeholderPost: (noticeKey: string, recipient: string) => `${noticeKey}:${recipient}`,

  // Schedules
  handoffTimer: (schedule: string) => `handoff:${schedule}`,
  /** An override made or removed from Slack, told to a person or the handoff channel, once each. */
  overridePost: (overrideId: number, what: 'added' | 'removed', to: { dm: string } | 'channel') =>
    `override:${overrideId}:${what}:${to === 'channel' ? 'channel' : `dm:${to.dm}`}`,
  /** One per swap request, re-armed: every change to it is one coalesced post or edit. */
  swapMessage: (swapId: number) => `swap-message:${swapId}`,
  swapDeadline: (swapId: number, what: 'remind' | 'expire') => `swap-${what}:${swapId}`,
  /** A swap taken, or left unclaimed, told to a person or the channel, once each. */
  swapPost: (swapId: number, what: 'taken' | 'unclaimed', to: { dm: string } | 'channel') =>
    `swap:${swapId}:${what}:${to === 'channel' ? 'channel' : `dm:${to.dm}`}`,
  handoffPost: (schedule: string, at: Date, to: { dm: string } | 'channel') =>
    `handoff:${schedule}:${ms(at)}:${to === 'channel' ? 'channel' : `dm:${to.dm}`}`,
  /** A schedule's user group set to who is on call, once per boundary (a handoff, an override change, a start). */
  usergroupSync: (schedule: string, at: Date) => `usergroup:${schedule}:${ms(at)}`,
  /** "Nobody is on call: @group left as it was", once per sync. */
  usergroupEmptyPost: (syncKey: string) => `${syncKey}:empty`,
  usergroupFailedPost: (syncKey: string) => `${syncKey}:failed`,

  // Alerts
  alertMessage: (groupId: number) => `alert-message:${groupId}`,
  alertPageAfter: (groupId: number) => `alert-page-after:${groupId}`,
  alertDeclare: (groupId: number) => `alert-declare:${groupId}`,
  alertNotePost: (
    groupId: number,
    what: 'resolved' | 'reopened' | 'declared' | 'acknowledged' | 'escalated' | 'raised',
    at: Date,
  ) => `alert-note:${groupId}:${what}:${ms(at)}`,
  /** Once per group: a storm of edits that all fail is one notice. */
  alertMessageFailedPost: (groupId: number) => `alert-message-failed:${groupId}`,
  /** One per digest, re-armed: every change to its groups is one coalesced edit. */
  alertDigest: (digestId: number) => `alert-digest:${digestId}`,
  alertDigestFailedPost: (digestId: number) => `alert-digest-failed:${digestId}`,
  /** Once per refused post: where it could not go, told in the incident channel. */
  refusedPostWarning: (postKey: string) => `refused-post:${postKey}`,

  // Upkeep
  retention: () => 'retention',

  // App Home
  homeRefresh: () => 'home-refresh',
  /** One per person: a re-publish queued while one is pending or running replaces it. */
  homePublish: (userId: string) => `home:${userId}`,

  // The outbox's own
  timerGaveUp: (timerKey: string, version: number) => `timer-failed:${timerKey}:${version}`,
};
