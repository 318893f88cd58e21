/**
 * Slack's JSON shapes for the objects the stand-in returns (conversation, user, message, view, file),
 * following the response examples in Slack's method reference. Kept apart from the method rules so
 * every method returns the same shape for the same object.
 */
import type { StandinChannel, StandinFile, StandinMessage, StandinUser, StandinView, Workspace } from './workspace';

export function channelJson(ws: Workspace, c: StandinChannel, opts: { includeNumMembers?: boolean } = {}) {
  if (c.isIm) {
    return {
      id: c.id,
      created: c.created,
      is_im: true,
      is_org_shared: false,
      user: c.imUser,
      is_user_deleted: false,
      priority: 0,
    };
  }
  return {
    id: c.id,
    name: c.name,
    is_channel: !c.isPrivate && !c.isMpim,
    is_group: c.isPrivate && !c.isMpim,
    is_im: false,
    is_mpim: c.isMpim,
    is_private: c.isPrivate,
    created: c.created,
    creator: c.creator,
    is_archived: c.isArchived,
    is_general: c.name === 'general',
    unlinked: 0,
    name_normalized: c.name,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    pending_shared: [],
    is_pending_ext_shared: false,
    is_member: c.members.has(ws.identity.botUserId),
    topic: { ...c.topic },
    purpose: { ...c.purpose },
    previous_names: [],
    ...(opts.includeNumMembers ? { num_members: c.members.size } : {}),
  };
}

/** Seconds east of UTC for `tz` at `atMs`, as Slack's `tz_offset` (e.g. -25200 for PDT). */
export function tzOffsetSeconds(tz: string, atMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(atMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(atMs / 1000) * 1000) / 1000);
}

function tzLabel(tz: string, atMs: number): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' })
    .formatToParts(new Date(atMs))
    .find((p) => p.type === 'timeZoneName');
  return name?.value ?? tz;
}

export function userJson(ws: Workspace, u: StandinUser, atMs: number) {
  return {
    id: u.id,
    team_id: ws.identity.teamId,
    name: u.name,
    deleted: u.deleted ?? false,
    color: '9f69e7',
    real_name: u.realName,
    tz: u.tz,
    tz_label: tzLabel(u.tz, atMs),
    tz_offset: tzOffsetSeconds(u.tz, atMs),
    profile: {
      real_name: u.realName,
      real_name_normalized: u.realName,
      display_name: u.displayName,
      display_name_normalized: u.displayName,
      team: ws.identity.teamId,
    },
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: u.guest !== undefined,
    is_ultra_restricted: u.guest === 'single-channel',
    is_bot: u.isBot,
    is_app_user: false,
    updated: 0,
  };
}

/**
 * A message as Slack returns it. Slack leaves `metadata` out of conversations.history unless
 * `include_all_metadata=true`; the `channel` field is ours, not Slack's, so it is dropped.
 */
export function messageJson(m: StandinMessage, opts: { includeMetadata: boolean }) {
  const { channel: _channel, metadata, ...rest } = m;
  void _channel;
  const out: Record<string, unknown> = { ...rest };
  if (opts.includeMetadata && metadata) out.metadata = metadata;
  return out;
}

export function viewJson(ws: Workspace, v: StandinView) {
  return {
    id: v.id,
    team_id: ws.identity.teamId,
    type: v.type,
    title: v.title ?? null,
    submit: v.submit ?? null,
    close: v.close ?? null,
    blocks: v.blocks,
    private_metadata: v.private_metadata,
    callback_id: v.callback_id,
    external_id: v.external_id,
    state: { values: {} },
    hash: v.hash,
    clear_on_close: false,
    notify_on_close: false,
    root_view_id: v.root_view_id,
    previous_view_id: v.previous_view_id,
    app_id: ws.identity.appId,
    bot_id: ws.identity.botId,
  };
}

/** Extension → [mimetype, Slack filetype] for the kinds an incident bot uploads; the rest is binary. */
const FILE_TYPES: Record<string, [string, string]> = {
  txt: ['text/plain', 'text'],
  md: ['text/plain', 'markdown'],
  csv: ['text/csv', 'csv'],
  json: ['application/json', 'json'],
  log: ['text/plain', 'text'],
  pdf: ['application/pdf', 'pdf'],
  png: ['image/png', 'png'],
  jpg: ['image/jpeg', 'jpg'],
};

/**
 * A file object as Slack shows it in a message's `files` (the fields apps read; Slack sends more).
 * URLs follow Slack's patterns but point nowhere: tests read bytes through the stand-in instead.
 */
export function fileJson(ws: Workspace, f: StandinFile, opts: { isPublic: boolean }) {
  const ext = /\.([A-Za-z0-9]+)$/.exec(f.name)?.[1]?.toLowerCase() ?? '';
  const [mimetype, filetype] = FILE_TYPES[ext] ?? ['application/octet-stream', 'binary'];
  const { teamId, teamDomain } = ws.identity;
  return {
    id: f.id,
    created: f.created,
    timestamp: f.created,
    name: f.name,
    title: f.title,
    mimetype,
    filetype: f.snippetType ?? filetype,
    user: f.user,
    user_team: teamId,
    editable: false,
    size: f.content?.length ?? f.length,
    mode: 'hosted',
    is_external: false,
    external_type: '',
    is_public: opts.isPublic,
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    url_private: `https://files.slack.com/files-pri/${teamId}-${f.id}/${encodeURIComponent(f.name)}`,
    url_private_download: `https://files.slack.com/files-pri/${teamId}-${f.id}/download/${encodeURIComponent(f.name)}`,
    permalink: `https://${teamDomain}.slack.com/files/${f.user}/${f.id}/${encodeURIComponent(f.name)}`,
    ...(f.altTxt ? { alt_txt: f.altTxt } : {}),
  };
}
