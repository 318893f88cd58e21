/**
 * Grafana Alerting's webhook contact point. Its body is Alertmanager's plus `version: "1"`, `orgId`,
 * `title`, `state`, `message` at the top and, on each alert, `silenceURL`, `dashboardURL`,
 * `panelURL`, `imageURL`, `values` and `valueString` (grafana/alerting templates/template_data.go,
 * ExtendedAlert). So this is the Alertmanager walk with those per-alert extras read into links/value.
 *
 * `title`, `state` and `message` are ignored: Grafana marks them "will be deprecated", and each
 * alert's own `status` is what the bot acts on. `values` is ignored too (`valueString` is the
 * readable form). A contact point with a custom payload template sends some other shape, which is
 * refused like any body that is not this format.
 */
import {
  type AlertExtras,
  link,
  LIMITS,
  nonEmpty,
  optionalString,
  parseAlertmanagerShaped,
  truncate,
} from './alertmanager';
import type { ParsedBody } from './types';

const grafanaExtras: AlertExtras = (alert, path) => {
  // Grafana sends "" for the URLs it has none for (e.g. dashboardURL on a rule with no panel).
  const url = (field: string) => link(nonEmpty(optionalString(alert[field], `${path}.${field}`)));
  const value = nonEmpty(optionalString(alert.valueString, `${path}.valueString`));
  return {
    links: {
      silence: url('silenceURL'),
      dashboard: url('dashboardURL'),
      panel: url('panelURL'),
      image: url('imageURL'),
    },
    value: value === undefined ? null : truncate(value, LIMITS.value),
  };
};

export function parseGrafana(body: unknown, severityLabel: string): ParsedBody {
  return parseAlertmanagerShaped(body, severityLabel, '1', grafanaExtras);
}
