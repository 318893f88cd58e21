/**
 * One entry point for the webhook route. The integration's configured format picks the parser
 * rather than sniffing the body: a wrong sender then gets a precise refusal, not a lucky guess.
 */
import { parseAlertmanager } from './alertmanager';
import { parseGeneric } from './generic';
import { parseGrafana } from './grafana';
import type { AlertFormat, ParsedBody } from './types';

export function parseAlertBody(format: AlertFormat, body: unknown, severityLabel: string): ParsedBody {
  switch (format) {
    case 'alertmanager':
      return parseAlertmanager(body, severityLabel);
    case 'grafana':
      return parseGrafana(body, severityLabel);
    case 'generic':
      return parseGeneric(body, severityLabel);
    default: {
      // A new AlertFormat that is not handled here fails to compile.
      const unhandled: never = format;
      return { ok: false, reason: `format: unknown alert format ${JSON.stringify(unhandled)}` };
    }
  }
}
