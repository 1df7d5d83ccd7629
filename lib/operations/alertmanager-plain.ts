/**
 * The plain Alertmanager configuration equivalent to rendered `AlertmanagerConfig` resources,
 * as the Prometheus Operator generates it (matcher strategy `OnNamespace`), so the real amtool
 * can check it (`amtool check-config`) and walk its routing tree (`amtool config routes test`):
 *
 *  - each AlertmanagerConfig's route becomes a child of the root route, matched on its namespace
 *    (`namespace="<ns>"`), with `continue: true`; its child routes keep their matchers;
 *  - receiver and time-interval names get the prefix `<namespace>/<name>/`;
 *  - inhibit rules get the namespace matcher on their source and target;
 *  - secret key selectors become `*_file` paths (`<SECRETS_DIR>/<secret>/<key>`): amtool checks the
 *    configuration without the values, which are read only when a notification is sent.
 *
 * The root route sends what no AlertmanagerConfig takes to `null` (no configuration).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export const AMTOOL_MISSING = 'amtool not found: the Alertmanager routing was not checked; `.ci/run` installs it (apt-get install prometheus-alertmanager)';
/** Where the plain configuration expects the Secret keys (as files). */
export const SECRETS_DIR = '/etc/alertmanager/secrets';

type Obj = Record<string, any>;

/** An AlertmanagerConfig as rendered: `metadata.name`, `metadata.namespace`, `spec`. */
export interface AlertmanagerConfigObject {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: Obj;
}

function matcher(m: Obj): string {
  const op = m.matchType ?? (m.regex ? '=~' : '=');
  return `${m.name}${op}${JSON.stringify(m.value ?? '')}`;
}

const secretFile = (selector: Obj) => `${SECRETS_DIR}/${selector.name}/${selector.key}`;

function receiver(prefix: string, r: Obj): Obj {
  const out: Obj = { name: `${prefix}${r.name}` };
  if (r.pagerdutyConfigs?.length) {
    out.pagerduty_configs = r.pagerdutyConfigs.map((c: Obj) => ({
      ...(c.routingKey ? { routing_key_file: secretFile(c.routingKey) } : {}),
      ...(c.sendResolved !== undefined ? { send_resolved: c.sendResolved } : {}),
    }));
  }
  if (r.slackConfigs?.length) {
    out.slack_configs = r.slackConfigs.map((c: Obj) => ({
      ...(c.apiURL ? { api_url_file: secretFile(c.apiURL) } : {}),
      ...(c.channel ? { channel: c.channel } : {}),
      ...(c.sendResolved !== undefined ? { send_resolved: c.sendResolved } : {}),
      ...(c.title ? { title: c.title } : {}),
      ...(c.text ? { text: c.text } : {}),
    }));
  }
  return out;
}

function route(prefix: string, r: Obj, extraMatchers: string[] = [], top = false): Obj {
  return {
    ...(r.receiver ? { receiver: `${prefix}${r.receiver}` } : {}),
    ...(r.groupBy ? { group_by: r.groupBy } : {}),
    ...(r.groupWait ? { group_wait: r.groupWait } : {}),
    ...(r.groupInterval ? { group_interval: r.groupInterval } : {}),
    ...(r.repeatInterval ? { repeat_interval: r.repeatInterval } : {}),
    matchers: [...extraMatchers, ...(r.matchers ?? []).map(matcher)],
    ...(r.muteTimeIntervals?.length ? { mute_time_intervals: r.muteTimeIntervals.map((n: string) => `${prefix}${n}`) } : {}),
    ...(r.activeTimeIntervals?.length ? { active_time_intervals: r.activeTimeIntervals.map((n: string) => `${prefix}${n}`) } : {}),
    // The operator makes the top route of every AlertmanagerConfig continue: others see the alert too.
    ...(top || r.continue ? { continue: true } : {}),
    ...(r.routes?.length ? { routes: r.routes.map((child: Obj) => route(prefix, child)) } : {}),
  };
}

function timeInterval(prefix: string, t: Obj): Obj {
  return {
    name: `${prefix}${t.name}`,
    time_intervals: (t.timeIntervals ?? []).map((ti: Obj) => ({
      ...(ti.weekdays ? { weekdays: ti.weekdays } : {}),
      ...(ti.times ? { times: ti.times.map((x: Obj) => ({ start_time: x.startTime, end_time: x.endTime })) } : {}),
      ...(ti.daysOfMonth ? { days_of_month: ti.daysOfMonth.map((d: Obj) => `${d.start}:${d.end}`) } : {}),
      ...(ti.months ? { months: ti.months } : {}),
      ...(ti.years ? { years: ti.years } : {}),
    })),
  };
}

/** The plain Alertmanager configuration (as an object) the operator would generate from `configs`. */
export function plainAlertmanagerConfig(configs: readonly AlertmanagerConfigObject[]): Obj {
  const sorted = [...configs].sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
  const receivers: Obj[] = [{ name: 'null' }];
  const routes: Obj[] = [];
  const inhibitRules: Obj[] = [];
  const timeIntervals: Obj[] = [];
  for (const config of sorted) {
    const ns = config.metadata.namespace ?? 'default';
    const prefix = `${ns}/${config.metadata.name}/`;
    const nsMatcher = `namespace=${JSON.stringify(ns)}`;
    const spec = config.spec ?? {};
    receivers.push(...(spec.receivers ?? []).map((r: Obj) => receiver(prefix, r)));
    if (spec.route) routes.push(route(prefix, spec.route, [nsMatcher], true));
    for (const rule of spec.inhibitRules ?? []) {
      inhibitRules.push({
        source_matchers: [...(rule.sourceMatch ?? []).map(matcher), nsMatcher],
        target_matchers: [...(rule.targetMatch ?? []).map(matcher), nsMatcher],
        ...(rule.equal ? { equal: rule.equal } : {}),
      });
    }
    timeIntervals.push(...(spec.muteTimeIntervals ?? []).map((t: Obj) => timeInterval(prefix, t)));
  }
  return {
    route: { receiver: 'null', routes },
    receivers,
    ...(inhibitRules.length ? { inhibit_rules: inhibitRules } : {}),
    ...(timeIntervals.length ? { time_intervals: timeIntervals } : {}),
  };
}

/** The AlertmanagerConfigs among rendered objects. */
export function alertmanagerConfigObjects(objects: readonly unknown[]): AlertmanagerConfigObject[] {
  return objects.filter((o): o is AlertmanagerConfigObject => (o as Obj)?.kind === 'AlertmanagerConfig');
}

export function plainAlertmanagerYaml(configs: readonly AlertmanagerConfigObject[]): string {
  return stringify(plainAlertmanagerConfig(configs), { lineWidth: 0 });
}

export function amtoolPath(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v amtool'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

export interface AmtoolRun {
  readonly ok: boolean;
  readonly command: string;
  readonly output: string;
}

function amtool(args: string[]): AmtoolRun {
  const result = spawnSync('amtool', args, { encoding: 'utf8' });
  // amtool always warns that --config.file overrides --alertmanager.url: not news.
  const stderr = result.stderr.split('\n').filter((l) => !/--config\.file flag overrides/.test(l)).join('\n');
  return { ok: result.status === 0, command: `amtool ${args.join(' ')}`, output: `${result.stdout}${stderr}`.trim() };
}

/** Writes the configuration to `file` and runs `amtool check-config` on it. */
export function amtoolCheckConfig(file: string, text: string): AmtoolRun {
  writeFileSync(file, text);
  return amtool(['check-config', file]);
}

/** `amtool config routes test`: the receivers an alert with `labels` reaches, in tree order. */
export function amtoolRoutes(file: string, labels: Readonly<Record<string, string>>): { run: AmtoolRun; receivers: string[] } {
  const run = amtool(['config', 'routes', 'test', `--config.file=${file}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)]);
  const receivers = run.ok ? run.output.split('\n')[0]!.split(',').map((r) => r.trim()).filter(Boolean) : [];
  return { run, receivers };
}
