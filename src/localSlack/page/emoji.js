// @ts-check
/**
 * Emoji shortcodes → characters, for the ones the bot writes (grep `:[a-z_]+:` in src/) and a few
 * people commonly react with. An unknown shortcode stays as typed, as Slack shows a custom emoji it
 * cannot find.
 */

/** @type {Record<string, string>} */
export const EMOJI = {
  alarm_clock: '⏰',
  arrow_up: '⬆️',
  arrows_counterclockwise: '🔄',
  bell: '🔔',
  bulb: '💡',
  construction: '🚧',
  cyclone: '🌀',
  eyes: '👀',
  fire: '🔥',
  heart: '❤️',
  heavy_check_mark: '✔️',
  hourglass: '⌛',
  incoming_envelope: '📨',
  information_source: 'ℹ️',
  large_blue_circle: '🔵',
  large_green_circle: '🟢',
  large_orange_circle: '🟠',
  large_yellow_circle: '🟡',
  m: 'Ⓜ️',
  mag: '🔍',
  memo: '📝',
  no_bell: '🔕',
  no_entry: '⛔',
  pager: '📟',
  pushpin: '📌',
  raised_hands: '🙌',
  red_circle: '🔴',
  rocket: '🚀',
  rotating_light: '🚨',
  sos: '🆘',
  spiral_calendar_pad: '🗓️',
  spiral_note_pad: '🗒️',
  stopwatch: '⏱️',
  tada: '🎉',
  telephone_receiver: '📞',
  thumbsup: '👍',
  '+1': '👍',
  warning: '⚠️',
  wave: '👋',
  white_check_mark: '✅',
  x: '❌',
};

/**
 * The text with every known `:shortcode:` replaced by its character.
 * @param {string} text
 */
export function withEmoji(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);
}

/**
 * A reaction's character, or its `:name:` when unknown.
 * @param {string} name without colons
 */
export function emojiFor(name) {
  return EMOJI[name] ?? `:${name}:`;
}
