/**
 * The "Alert routing" section of REPORT.md: who gets paged for what in this environment, read
 * from the rendered AlertmanagerConfigs (severity → receivers, mute intervals, inhibition), and
 * the built-in alerts teams switched off, with their reasons (those only the overlay holds).
 */
import type { Stack } from '../model/schema';
import type { KubeObject } from './files';

type Obj = Record<string, any>;
type Table = (header: string[], rows: string[][]) => string[];

const SEVERITIES = ['critical', 'warning', 'info'];

function receiverText(config: Obj, name: string): string {
  const r = (config.spec.receivers ?? []).find((x: Obj) => x.name === name) ?? {};
  const where = [
    ...(r.pagerdutyConfigs ?? []).map(() => 'PagerDuty'),
    ...(r.slackConfigs ?? []).map((c: Obj) => `Slack ${c.channel}`),
  ];
  return where.length ? `\`${name}\` (${where.join(', ')})` : `\`${name}\` (not sent)`;
}

function intervalText(interval: Obj): string {
  return (interval.timeIntervals ?? [])
    .map((t: Obj) => [
      ...(t.weekdays ? [t.weekdays.join(', ')] : []),
      ...(t.times ? [t.times.map((x: Obj) => `${x.startTime}–${x.endTime}`).join(', ')] : []),
    ].join(' at ') || 'always')
    .join('; or ') + ' (UTC)';
}

export function alertingSection(objects: readonly KubeObject[], stack: Stack | undefined, table: Table): string[] {
  const configs = objects.filter((o) => o.kind === 'AlertmanagerConfig') as Obj[];
  const out: string[] = ['## Alert routing', ''];
  if (!configs.length) {
    out.push('No `stack.alerting`: this environment renders no AlertmanagerConfig; alerts go wherever the cluster\'s Alertmanager sends them.', '');
  }
  for (const config of configs) {
    const route = config.spec.route ?? {};
    out.push(
      `AlertmanagerConfig \`${config.metadata.namespace}/${config.metadata.name}\`: alerts of namespace \`${config.metadata.namespace}\`, grouped by ` +
        `${(route.groupBy ?? []).map((l: string) => `\`${l}\``).join(', ')}; first notification after ${route.groupWait}, new alerts of a group after ` +
        `${route.groupInterval}, repeated every ${route.repeatInterval} while firing.`,
      '',
    );
    const rows = SEVERITIES.map((severity) => {
      const matching = (route.routes ?? []).filter((r: Obj) => (r.matchers ?? []).some((m: Obj) => m.name === 'severity' && m.value === severity));
      if (!matching.length) return [severity, 'nobody (`nowhere`)', '—'];
      const receivers = matching.map((r: Obj) => {
        const only = (r.matchers ?? []).filter((m: Obj) => m.name !== 'severity').map((m: Obj) => `${m.name} ${m.matchType ?? '='} ${m.value}`);
        return `${receiverText(config, r.receiver)}${only.length ? ` — only ${only.join(', ')}` : ''}`;
      });
      const muted = [...new Set(matching.flatMap((r: Obj) => r.muteTimeIntervals ?? []))] as string[];
      return [severity, receivers.join('<br>'), muted.length ? muted.map((m) => `\`${m}\``).join(', ') : 'never'];
    });
    out.push(...table(['severity', 'who gets it', 'muted during'], rows), '');
    for (const interval of config.spec.muteTimeIntervals ?? []) out.push(`- mute interval \`${interval.name}\`: ${intervalText(interval)}`);
    for (const rule of config.spec.inhibitRules ?? []) {
      const m = (list: Obj[]) => list.map((x) => `\`${x.name}${x.matchType ?? '='}"${x.value}"\``).join(', ');
      out.push(`- inhibition: a firing alert with ${m(rule.sourceMatch ?? [])} mutes alerts with ${m(rule.targetMatch ?? [])} and the same ${(rule.equal ?? []).map((l: string) => `\`${l}\``).join(', ')}`);
    }
    out.push('');
  }
  const off = Object.keys(stack?.services ?? {})
    .sort()
    .filter((name) => stack!.services[name].enabled !== false)
    .flatMap((name) => Object.entries(stack!.services[name].alerts?.disable ?? {}).map(([alert, reason]) => [name, `\`${alert}\``, reason]));
  if (off.length) out.push('Built-in alerts switched off:', '', ...table(['service', 'alert', 'reason'], off), '');
  return out;
}
