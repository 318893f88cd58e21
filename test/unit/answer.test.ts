/** The ack discipline: quick work answers in the ack; slow work acks first and answers via response_url. */
import { answerCommand } from '../../src/slack/listeners/answer';
import { UserError } from '../../src/errors';
import { createLogger } from '../../src/logger';

const log = createLogger('silent');

function recorder() {
  const events: { what: 'ack' | 'respond'; text: string }[] = [];
  return {
    events,
    ack: async (msg: { text: string }) => void events.push({ what: 'ack', text: msg.text }),
    respond: (async (msg: { text: string }) => void events.push({ what: 'respond', text: msg.text })) as never,
  };
}

describe('answerCommand', () => {
  it('answers in the ack when the work finishes within the budget', async () => {
    const r = recorder();
    await answerCommand(r.ack, r.respond, log, {}, async () => 'Declared incident #1', 1_000);
    expect(r.events).toEqual([{ what: 'ack', text: 'Declared incident #1' }]);
  });

  it('acks "working on it" when the work is slow, then answers through response_url', async () => {
    const r = recorder();
    let finish!: (text: string) => void;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const done = answerCommand(r.ack, r.respond, log, {}, () => work, 5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.events).toEqual([{ what: 'ack', text: ':hourglass_flowing_sand: Working on it…' }]);
    finish('Declared incident #2');
    await done;
    expect(r.events[1]).toEqual({ what: 'respond', text: 'Declared incident #2' });
  });

  it('shows a UserError as it is, and hides anything else behind a reference', async () => {
    const r = recorder();
    await answerCommand(r.ack, r.respond, log, {}, async () => { throw new UserError('Put the title in quotes'); }, 1_000);
    await answerCommand(r.ack, r.respond, log, {}, async () => { throw new Error('connection reset'); }, 1_000);
    expect(r.events[0].text).toBe('Put the title in quotes');
    expect(r.events[1].text).toMatch(/Something went wrong on our side \(ref `[0-9a-f]{8}`\)/);
    expect(r.events[1].text).not.toContain('connection reset');
  });
});
