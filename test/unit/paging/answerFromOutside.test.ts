/**
 * statusVerdict: Twilio's MessageStatus / CallStatus of a page's text or call as delivered, failed (and
 * why, in words the channel hears), or not known yet. Pure; the rest of answerFromOutside.ts needs a
 * database and is tested end to end.
 */
import { statusVerdict } from '../../../src/paging/answerFromOutside';

describe('statusVerdict of a text', () => {
  it('is delivered when Twilio says delivered', () => {
    expect(statusVerdict('sms', 'delivered')).toBe('delivered');
  });

  test.each([
    ['undelivered', 'the text was not delivered'],
    ['failed', 'the text could not be sent'],
  ])('fails on %j, saying so', (status, failed) => expect(statusVerdict('sms', status)).toEqual({ failed }));

  test.each(['queued', 'sent', 'accepted', 'sending', 'scheduled', '', 'completed', 'busy', 'no-answer', 'canceled'])(
    'knows nothing yet from %j',
    (status) => expect(statusVerdict('sms', status)).toBeNull(),
  );
});

describe('statusVerdict of a call', () => {
  test.each([
    ['completed', 'the call was answered but no key was pressed (voicemail?)'],
    ['busy', 'the line was busy'],
    ['no-answer', 'the call was not answered'],
    ['failed', 'the call failed'],
    ['canceled', 'the call was cancelled'],
  ])('fails on %j: %s', (status, failed) => expect(statusVerdict('voice', status)).toEqual({ failed }));

  test.each(['queued', 'initiated', 'ringing', 'in-progress', '', 'delivered', 'undelivered', 'sent'])(
    'knows nothing yet from %j (a key press records the call as delivered, not a status)',
    (status) => expect(statusVerdict('voice', status)).toBeNull(),
  );
});
