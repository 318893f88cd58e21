/**
 * Which route an alert group follows: the pure decisions over an integration's routes (the rest of
 * config/alerts.ts is the schema that builds them). Mutation-tested as a whole file (stryker.config.mjs).
 */
import type { AlertIntegration, AlertRoute } from './alerts';

/** The integration's route of this name: its own properties only, never Object's (`constructor`, `__proto__`). */
export function ownRoute(integration: AlertIntegration, name: string): AlertRoute | undefined {
  return Object.hasOwn(integration.routes, name) ? integration.routes[name] : undefined;
}

/** The route for a severity label value: its own, else `default`, else post only. Pure. */
export function routeFor(integration: AlertIntegration, severity: string | null): { name: string; route: AlertRoute } {
  const key = severity?.toLowerCase();
  const own = key ? ownRoute(integration, key) : undefined;
  if (key && own) return { name: key, route: own };
  const fallback = ownRoute(integration, 'default');
  if (fallback) return { name: 'default', route: fallback };
  return {
    name: key ?? 'default',
    route: { policy: null, pageAfterMs: 0, declare: null, declareAfterMs: 0, urgency: 'low', private: false },
  };
}

/**
 * How severe a route is, for a group holding alerts of several severities: the order of `routes` in
 * the integration's config, most severe first; then `default`; then a value with no route at all (it
 * only posts). Lower is more severe. Pure.
 */
export function routeRank(integration: AlertIntegration, routeName: string): number {
  const named = Object.keys(integration.routes).filter((name) => name !== 'default');
  const at = named.indexOf(routeName);
  if (at >= 0) return at;
  return routeName === 'default' && ownRoute(integration, 'default') ? named.length : named.length + 1;
}

/** The most severe of these severity label values by `routeRank` (the first of equals); null when there are none. Pure. */
export function mostSevere(integration: AlertIntegration, severities: readonly (string | null)[]): string | null {
  let best: { severity: string | null; rank: number } | null = null;
  for (const severity of severities) {
    const rank = routeRank(integration, routeFor(integration, severity).name);
    if (!best || rank < best.rank) best = { severity, rank };
  }
  return best?.severity ?? null;
}
