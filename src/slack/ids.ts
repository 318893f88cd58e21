/** Every action_id, callback_id and block_id the bot uses, in one place. */
export const ACTION = {
  acknowledgePage: 'page_acknowledge',
  escalatePage: 'page_escalate',
  closeIncident: 'incident_close',
  actionItemDone: 'action_item_done',
  actionItemNotDoing: 'action_item_not_doing',
  /** On an alert group's channel message (and, for declare/resolve, its page DMs): value {"groupId":n}. */
  alertAcknowledge: 'alert_acknowledge',
  alertEscalate: 'alert_escalate',
  alertDeclare: 'alert_declare',
  alertResolve: 'alert_resolve',
} as const;

export const CALLBACK = {
  createIncident: 'incident_create',
  /** The message shortcut "Add to timeline". */
  addToTimeline: 'add_to_timeline',
} as const;

export const BLOCK = {
  createTitle: 'create_title',
  createSeverity: 'create_severity',
  createDescription: 'create_description',
} as const;

/** The `metadata.event_type` on every message the bot posts: lets an unsure retry find its own message. */
export const MESSAGE_EVENT_TYPE = 'incident_bot_message';
