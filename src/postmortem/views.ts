import type { PostmortemDraft } from './render';

/** Block Kit for the draft; more than 50 blocks would be refused, so the timeline is capped by then. */
export function postmortemBlocks(draft: PostmortemDraft) {
  const blocks: object[] = [{ type: 'header', text: { type: 'plain_text', text: draft.title.slice(0, 150) } }];
  for (const s of draft.sections) {
    if (blocks.length >= 48) break;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${s.heading}*\n${s.body}`.slice(0, 3000) } });
  }
  return blocks;
}
