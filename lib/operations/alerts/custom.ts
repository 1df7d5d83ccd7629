/**
 * `custom`: the alert rules teams add to their services (`services.<name>.alerts.rules`), in
 * service order, each with its severity and a `service` label; a rule without a runbook links
 * `<runbookBaseUrl>/<name>.md`, whose stub synth writes next to REPORT.md (customRunbookStubs).
 */
import type { CustomAlert } from '../../model/alerting-schema';
import { runbookUrl, type ResolvedAlerts, type RuleGroup } from '../rules';
import type { AlertContext } from './context';
import type { Stack } from '../../model/schema';

export function customGroup({ alerts, names, input }: AlertContext): RuleGroup | undefined {
  const rules = names.flatMap((service) =>
    (input.services[service].alerts?.rules ?? []).map((rule) => ({
      alert: rule.name,
      expr: rule.expr,
      ...(rule.for && rule.for !== '0m' ? { for: rule.for } : {}),
      labels: { severity: rule.severity, service },
      annotations: {
        summary: rule.summary,
        description: rule.description,
        runbook_url: rule.runbook ?? runbookUrl(alerts, rule.name),
      },
    })),
  );
  return rules.length ? { name: 'custom', rules } : undefined;
}

/** `runbooks/<Alert>.md` stubs for the custom alerts of the enabled services that name no runbook: path → Markdown. */
export function customRunbookStubs(stack: Stack, alerts: ResolvedAlerts): [string, string][] {
  return Object.keys(stack.services)
    .sort()
    .filter((name) => stack.services[name].enabled !== false)
    .flatMap((service) => (stack.services[service].alerts?.rules ?? []).filter((r) => !r.runbook).map((rule) => [`runbooks/${rule.name}.md`, stub(service, rule, alerts)] as [string, string]));
}

function stub(service: string, rule: CustomAlert, alerts: ResolvedAlerts): string {
  return [
    `# ${rule.name}`,
    '',
    `> Stub written by cdk8s-stack for a custom alert of \`${service}\` that names no runbook. Fill it in and publish it at`,
    `> ${runbookUrl(alerts, rule.name)} (the alert's \`runbook_url\`), or give the alert a \`runbook:\` URL.`,
    '',
    `**Severity:** ${rule.severity} · **Service:** ${service} · **For:** ${rule.for ?? '0m'}`,
    '',
    '## Meaning',
    '',
    rule.summary,
    '',
    rule.description,
    '',
    '## Expression',
    '',
    '```promql',
    rule.expr.trim(),
    '```',
    '',
    '## Check',
    '',
    '- TODO: what to look at first (dashboards, logs, recent changes).',
    '',
    '## Mitigate',
    '',
    '- TODO: what stops the bleeding, and who to call.',
    '',
  ].join('\n');
}
