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
  /** The App Home's "Contact methods" button: opens the same modal as `/oncall me`. */
  openContactMethods: 'contact_methods_open',
  /** Buttons on one method in the contact methods modal (each in that method's own actions block): value = the method's id. */
  contactVerify: 'contact_verify',
  contactResend: 'contact_resend',
  contactTest: 'contact_test',
  contactRemove: 'contact_remove',
  contactUp: 'contact_up',
  contactDown: 'contact_down',
  /** Remove on `/oncall overrides`: value = the schedule_override row's id. */
  overrideRemove: 'oncall_override_remove',
  /** On a swap request (value = the swap_request row's id): take the whole shift, cancel it. */
  swapTake: 'oncall_swap_take',
  swapCancel: 'oncall_swap_cancel',
  /** Take part… on a swap request: opens the from/to modal (value = the request's id). */
  swapTakePart: 'oncall_swap_take_part',
  /** Swap this shift (handoff DM, App Home): value = `<schedule>|<layer>|<ms of an instant in the shift>`. */
  swapShift: 'oncall_swap_shift',
  /** Join on the App Home's line for a private incident an admin is not in: value = the incident's id. */
  joinPrivateIncident: 'incident_join_private',
} as const;

export const CALLBACK = {
  createIncident: 'incident_create',
  /** The message shortcut "Add to timeline". */
  addToTimeline: 'add_to_timeline',
  /** A person's contact methods and notification rules (`/oncall me`). */
  contactMethods: 'contact_methods',
  /** Take part of a swap request's shift: from and to (private_metadata = the request's id). */
  swapTakePart: 'swap_take_part',
} as const;

export const BLOCK = {
  createTitle: 'create_title',
  createSeverity: 'create_severity',
  createDescription: 'create_description',
  createPrivate: 'create_private',
  /**
   * The contact methods modal's inputs. Each block_id is this prefix, then `.` and what the input was
   * drawn for (contact/views/contactModal.ts): Slack keeps what was typed in an input across
   * views.update while its block_id stays the same, so a new block_id is how a saved field is cleared.
   */
  contactKind: 'contact_kind',
  contactAddress: 'contact_address',
  contactCode: 'contact_code',
  contactRuleHigh: 'contact_rule_high',
  contactRuleLow: 'contact_rule_low',
} as const;

/** The `metadata.event_type` on every message the bot posts: lets an unsure retry find its own message. */
export const MESSAGE_EVENT_TYPE = 'incident_bot_message';
