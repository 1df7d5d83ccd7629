/**
 * The "Releases" section of `REPORT.md`: per web service, how a new version goes out — a rolling
 * update, canary steps or blue-green — whether the controller or a person promotes it, and the
 * analysis that aborts and rolls it back (thresholds and where they come from), and how a canary
 * splits the traffic: by Gateway API weights (the Argo Rollouts plugin moves the HTTPRoute's
 * backendRef weights) or by replica count.
 */
import { GATEWAY_API_PLUGIN, resolveRelease, splitsByGatewayWeights, type ProgressiveRelease } from '../model/release';
import type { Stack } from '../model/schema';
import { traitsOf } from '../model/service-kinds';

type Table = (header: string[], rows: string[][]) => string[];

function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(6))} %`;
}

function stepsText(release: ProgressiveRelease): string {
  if (release.strategy === 'blueGreen') {
    return `preview beside active → analysis → switch${release.autoPromote ? '' : ' by a person'} → analysis; old pods kept ${release.scaleDownDelaySeconds}s`;
  }
  const steps = release.steps.map((s) => `${s.weight} % (${s.pause} + analysis)`);
  return [...steps, ...(release.autoPromote ? [] : ['pause until promoted']), '100 %'].join(' → ');
}

function analysisText(release: ProgressiveRelease): string {
  const a = release.analysis;
  const from = (source: string) => (source === 'slo' ? 'SLO' : 'overlay');
  return (
    `5xx ≤ ${percent(a.maxErrorRatio)} (${from(a.source.errorRatio)}), p99 ≤ ${a.maxLatencyP99} (${from(a.source.latency)}); ` +
    `${a.count} × ${a.interval} over ${a.window}, abort and roll back after ${a.failureLimit + 1} failed`
  );
}

function trafficText(environment: string, stack: Stack, name: string, release: ProgressiveRelease): string {
  if (release.strategy === 'blueGreen') return `Service switch (\`${release.activeService}\` → new pods)`;
  if (splitsByGatewayWeights(environment, name, stack, release)) {
    return `Gateway API weights (plugin \`${GATEWAY_API_PLUGIN}\`, HTTPRoute \`${name}\`: \`${release.stableService}\` / \`${release.canaryService}\`)`;
  }
  return 'replica count (share of canary pods)';
}

export function releasesSection(environment: string, stack: Stack, table: Table): string[] {
  const rows = Object.entries(stack.services)
    .filter(([, service]) => service.enabled !== false && traitsOf(service).progressiveRelease)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, service]) => {
      const release = resolveRelease(stack, name, service);
      if (release.strategy === 'rolling') return [name, 'rolling (Deployment)', '25 % surge, never below the desired count', 'automatic', 'none', '—'];
      const promotion = release.autoPromote ? 'automatic' : `manual: \`kubectl argo rollouts promote ${name}\``;
      return [name, `${release.strategy} (Rollout)`, stepsText(release), promotion, analysisText(release), trafficText(environment, stack, name, release)];
    });
  if (!rows.length) return [];
  return [
    '## Releases',
    '',
    'How a new version of each web service goes out. A failed analysis aborts a canary or blue-green release: Argo Rollouts',
    'scales the new pods down and sends all traffic back to the stable version (README, "Progressive delivery").',
    '',
    ...table(['service', 'strategy', 'steps', 'promotion', 'analysis', 'traffic split'], rows),
    '',
  ];
}
