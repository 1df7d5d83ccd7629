/**
 * Alert routing (`stack.alerting`) and the stack's alert thresholds: what the schema cannot say.
 * Routes name receivers and mute intervals that exist, receivers send somewhere, Slack channels
 * carry their `#`, keys and webhook URLs are references into the secret store (never the value),
 * and a warning threshold stays below its critical one.
 */
import { NOWHERE, type SecretValue } from '../../model/alerting-schema';
import { latencySeconds } from '../../operations/rules';
import { suggest } from '../validate';
import type { SchemaProblem, StackContext } from './rule';

const didYouMean = (word: string, candidates: readonly string[]) => {
  const hint = suggest(word, candidates);
  return hint ? ` (did you mean \`${hint}\`?)` : '';
};

const known = (names: readonly string[]) => (names.length ? names.map((n) => `\`${n}\``).join(', ') : 'none');

/** `stack.alerting` needs a secret store: the receivers' keys come from it. */
export function alertingSecretStore({ stack }: StackContext): SchemaProblem[] {
  if (!stack.stack.alerting || stack.stack.secretStore) return [];
  return [{
    path: ['stack', 'alerting'],
    message: 'alert routing reads the receivers\' keys and webhook URLs from the secret store: set `stack.secretStore` (e.g. `secretStore: { name: vault }`)',
  }];
}

function literalSecret(value: SecretValue, what: string, example: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  return `${what} written literally: secrets never go into Git. Store it in the secret store and reference it, e.g. \`${example}\``;
}

/** Every receiver sends somewhere, Slack channels have their `#`, secrets are references. */
export function alertingReceivers({ stack }: StackContext): SchemaProblem[] {
  const alerting = stack.stack.alerting;
  if (!alerting) return [];
  const problems: SchemaProblem[] = [];
  for (const name of Object.keys(alerting.receivers).sort()) {
    const r = alerting.receivers[name];
    const at = (...rest: string[]) => ['stack', 'alerting', 'receivers', name, ...rest];
    if (name === NOWHERE) {
      problems.push({ path: at(), message: `\`${NOWHERE}\` is the built-in receiver of alerts no route takes: give this receiver another name` });
      continue;
    }
    if (!r.pagerduty && !r.slack) {
      problems.push({ path: at(), message: 'a receiver sends somewhere: give `pagerduty: { routingKey: … }`, `slack: { channel: …, webhookUrl: … }` or both' });
    }
    if (r.pagerduty) {
      const literal = literalSecret(r.pagerduty.routingKey, 'a PagerDuty routing key', `routingKey: { key: ${stack.stack.name}/alerting, property: pagerduty-routing-key }`);
      if (literal) problems.push({ path: at('pagerduty', 'routingKey'), message: literal });
    }
    if (r.slack) {
      if (!r.slack.channel.startsWith('#')) {
        problems.push({
          path: at('slack', 'channel'),
          message: `\`${r.slack.channel}\` is not a Slack channel: write it with its \`#\`, quoted so YAML does not read a comment: \`channel: "#${r.slack.channel.replace(/^@/, '')}"\``,
        });
      }
      const literal = literalSecret(r.slack.webhookUrl, 'a Slack webhook URL', `webhookUrl: { key: ${stack.stack.name}/alerting, property: slack-webhook-url }`);
      if (literal) problems.push({ path: at('slack', 'webhookUrl'), message: literal });
    }
  }
  return problems;
}

/** Routes name receivers, mute intervals and services that exist. */
export function alertingRoutes({ stack }: StackContext): SchemaProblem[] {
  const alerting = stack.stack.alerting;
  if (!alerting) return [];
  const receivers = Object.keys(alerting.receivers).sort();
  const intervals = Object.keys(alerting.muteTimeIntervals ?? {}).sort();
  const services = Object.keys(stack.services).sort();
  const problems: SchemaProblem[] = [];
  alerting.routes.forEach((route, i) => {
    const at = (...rest: (string | number)[]) => ['stack', 'alerting', 'routes', i, ...rest];
    route.receivers.forEach((receiver, j) => {
      if (!receivers.includes(receiver)) {
        problems.push({
          path: at('receivers', j),
          message: `no receiver \`${receiver}\`${didYouMean(receiver, receivers)}: name one of ${known(receivers)}, or add it under \`stack.alerting.receivers\``,
        });
      }
    });
    (route.muteTimeIntervals ?? []).forEach((interval, j) => {
      if (!intervals.includes(interval)) {
        problems.push({
          path: at('muteTimeIntervals', j),
          message: `no mute time interval \`${interval}\`${didYouMean(interval, intervals)}: name one of ${known(intervals)}, or add it under \`stack.alerting.muteTimeIntervals\``,
        });
      }
    });
    (route.services ?? []).forEach((service, j) => {
      if (!services.includes(service)) {
        problems.push({ path: at('services', j), message: `no service \`${service}\`${didYouMean(service, services)} in this stack` });
      }
    });
  });
  return problems;
}

/** `stack.alerts`: a warning fires before the page, so its threshold is lower. */
export function stackAlertThresholds({ stack }: StackContext): SchemaProblem[] {
  const a = stack.stack.alerts;
  if (!a) return [];
  const problems: SchemaProblem[] = [];
  if (a.errorRateWarning !== undefined && a.errorRateCritical !== undefined && a.errorRateWarning >= a.errorRateCritical) {
    problems.push({
      path: ['stack', 'alerts', 'errorRateWarning'],
      message: `the warning threshold (${a.errorRateWarning} %) must be below the critical one (${a.errorRateCritical} %): lower \`errorRateWarning\` or raise \`errorRateCritical\``,
    });
  }
  if (a.latencyP99Warning && a.latencyP99Critical && latencySeconds(a.latencyP99Warning) >= latencySeconds(a.latencyP99Critical)) {
    problems.push({
      path: ['stack', 'alerts', 'latencyP99Warning'],
      message: `the warning threshold (${a.latencyP99Warning}) must be below the critical one (${a.latencyP99Critical}): lower \`latencyP99Warning\` or raise \`latencyP99Critical\``,
    });
  }
  return problems;
}
