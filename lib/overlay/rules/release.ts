/**
 * `release`: canary and blue-green releases (Argo Rollouts) only where they can work — a kind
 * whose traits allow it, weights that grow to at most 100 %, a readiness probe before a
 * blue-green switch, metrics and positive thresholds for the analysis, and a person promoting
 * in production.
 */
import { durationSeconds } from '../../model/duration';
import { autoPromoteDefault, releaseStrategy } from '../../model/release';
import { typesWhere } from '../../model/service-kinds';
import { aKind, type SchemaProblem, type ServiceContext } from './rule';

const RELEASE_KINDS = typesWhere((t) => t.progressiveRelease);

/** The number in a latency like `500ms` or `1.5s` (the schema checked the shape). */
const latencyValue = (latency: string) => Number(latency.replace(/m?s$/, ''));

/** canary/blueGreen only on a kind the traits let release progressively (a web service). */
export function releaseKind({ service, traits, at }: ServiceContext): SchemaProblem[] {
  const strategy = releaseStrategy(service);
  if (strategy === 'rolling' || traits.progressiveRelease) return [];
  return [{
    path: at('release', 'strategy'),
    message:
      `\`${strategy}\` releases need ${aKind(...RELEASE_KINDS)} service (a replicated Deployment behind a Service that answers HTTP, ` +
      `so a share of the traffic can reach the new version and be measured); a \`${service.type}\` rolls out. Remove \`release\` or set \`strategy: rolling\``,
  }];
}

/** Settings of one strategy under another are a mistake, not a no-op. */
export function releaseSettings({ service, at }: ServiceContext): SchemaProblem[] {
  const release = service.release;
  if (!release) return [];
  const strategy = releaseStrategy(service);
  const problems: SchemaProblem[] = [];
  if (release.canary && strategy !== 'canary') {
    problems.push({ path: at('release', 'canary'), message: `\`canary\` settings apply to \`strategy: canary\`, not \`${strategy}\`; remove them or change the strategy` });
  }
  if (release.blueGreen && strategy !== 'blueGreen') {
    problems.push({ path: at('release', 'blueGreen'), message: `\`blueGreen\` settings apply to \`strategy: blueGreen\`, not \`${strategy}\`; remove them or change the strategy` });
  }
  if (strategy === 'rolling' && (release.analysis || release.autoPromote !== undefined)) {
    const key = release.analysis ? 'analysis' : 'autoPromote';
    problems.push({ path: at('release', key), message: `\`${key}\` applies to \`canary\` and \`blueGreen\` releases; a rolling update has no analysis and nothing to promote` });
  }
  return problems;
}

/** Canary weights strictly increase and stay within 100 %. */
export function canaryWeights({ service, at }: ServiceContext): SchemaProblem[] {
  const steps = service.release?.canary?.steps ?? [];
  const problems: SchemaProblem[] = [];
  steps.forEach((step, index) => {
    const path = at('release', 'canary', 'steps', index, 'weight');
    if (step.weight < 1 || step.weight > 100) {
      problems.push({ path, message: `weight ${step.weight} is not a share of the pods: use 1 to 100 (percent)` });
      return;
    }
    const before = steps[index - 1];
    if (before && step.weight <= before.weight) {
      problems.push({
        path,
        message: `weight ${step.weight} does not increase on the step before (${before.weight}): each canary step must send more traffic to the new version; order the steps by weight or drop this one`,
      });
    }
  });
  return problems;
}

/** Blue-green switches traffic to pods only when they are ready: without a readiness probe, ready means started. */
export function blueGreenReadiness({ service, traits, at }: ServiceContext): SchemaProblem[] {
  if (releaseStrategy(service) !== 'blueGreen' || !traits.progressiveRelease || service.health?.readiness) return [];
  return [{
    path: at('release', 'strategy'),
    message:
      'a blue-green release switches all traffic at once to pods that are ready, and without `health.readiness` a pod is ready as soon as it starts: ' +
      'add `health.readiness` (a `path` the app answers when it can serve) or use `strategy: canary`',
  }];
}

/** The analysis reads the service's request metrics; thresholds must be positive. */
export function releaseAnalysis({ service, traits, at }: ServiceContext): SchemaProblem[] {
  // A kind that cannot release this way is told so once, by releaseKind.
  if (releaseStrategy(service) === 'rolling' || !traits.progressiveRelease) return [];
  const problems: SchemaProblem[] = [];
  if (!service.metrics) {
    problems.push({
      path: at('release', 'strategy'),
      message: `a \`${releaseStrategy(service)}\` release is analysed on the service's request metrics: add \`metrics\` (the port and path Prometheus scrapes), or use \`strategy: rolling\``,
    });
  }
  const analysis = service.release?.analysis;
  if (!analysis) return problems;
  const positive = (key: string, ok: boolean, what: string) => {
    if (!ok) problems.push({ path: at('release', 'analysis', key), message: `must be positive: ${what}` });
  };
  if (analysis.maxErrorRatio !== undefined) {
    positive('maxErrorRatio', analysis.maxErrorRatio > 0 && analysis.maxErrorRatio <= 100, `a share of 5xx responses above 0 and at most 100 (percent), e.g. \`1\`; ${analysis.maxErrorRatio} would ${analysis.maxErrorRatio <= 0 ? 'fail every release with a single error' : 'never fail'}`);
  }
  if (analysis.maxLatencyP99 !== undefined) positive('maxLatencyP99', latencyValue(analysis.maxLatencyP99) > 0, `a latency above 0, e.g. \`500ms\`; \`${analysis.maxLatencyP99}\` fails every measurement`);
  if (analysis.interval !== undefined) positive('interval', durationSeconds(analysis.interval) > 0, 'time between measurements, e.g. `1m`');
  if (analysis.window !== undefined) positive('window', durationSeconds(analysis.window) > 0, 'the rate window of the queries, e.g. `2m`');
  if (analysis.count !== undefined) positive('count', analysis.count > 0, 'the number of measurements, e.g. `5`');
  return problems;
}

/** Production: a person promotes. */
export function productionPromotion({ stack, service, at }: ServiceContext): SchemaProblem[] {
  if (releaseStrategy(service) === 'rolling' || autoPromoteDefault(stack) || service.release?.autoPromote !== true) return [];
  return [{
    path: at('release', 'autoPromote'),
    message: 'production (`stack.tier: production`) requires a person to promote a release (`kubectl argo rollouts promote`): remove `autoPromote: true` from this environment',
  }];
}
