/**
 * SARIF 2.1.0, for code-scanning upload: every check is a rule (id, short
 * description, help with the fix), every finding a result at file + line,
 * waived findings carry an in-source suppression with the waiver's reason.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckInfo } from '../check';
import { ALL_CHECKS, checkInfo } from '../checks/index';
import type { Finding, Report } from '../engine';
import { formatPath } from '../../shared/key-path';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Rules: every registered check, then any other id the findings use (schema ids), sorted. */
function rulesFor(findings: readonly Finding[]): CheckInfo[] {
  const listed = new Set(ALL_CHECKS.map((info) => info.id));
  const extra = [...new Set(findings.map((f) => f.check).filter((id) => !listed.has(id)))].sort();
  return [
    ...ALL_CHECKS,
    ...extra.map(
      (id) =>
        checkInfo(id) ?? { id, group: 'other', severity: 'error' as const, class: 'correctness' as const, description: id, hint: 'see the finding message', rationale: '' },
    ),
  ];
}

/**
 * Security severity (0-10, GitHub's `security-severity`) of the groups whose findings are
 * security weaknesses: code scanning then ranks them critical / high / medium.
 */
const SECURITY_SEVERITY: Readonly<Record<string, string>> = {
  secrets: '9.0',
  'pod-security': '8.0',
  rbac: '7.5',
  network: '5.5',
};

/** Tags (the group, the class, `security` where it applies) and the class as its own property. */
function ruleProperties(rule: CheckInfo): Record<string, unknown> {
  const severity = SECURITY_SEVERITY[rule.group];
  return severity
    ? { tags: [rule.group, rule.class, 'security'], class: rule.class, 'security-severity': severity }
    : { tags: [rule.group, rule.class], class: rule.class };
}

/** Where relative uris start: SARIF's `%SRCROOT%`, the repository root code scanning resolves them from. */
const SRCROOT = 'SRCROOT';

/**
 * A file as a SARIF artifact location: relative to `base` (the repository root) wherever the
 * file lies inside it, whatever the working directory or `--output`; an absolute file:// uri otherwise.
 */
export function artifactLocation(file: string, base: string): { uri: string; uriBaseId?: string } {
  const fromBase = relative(base, resolve(file));
  if (fromBase === '' || fromBase.startsWith(`..${sep}`) || fromBase === '..' || isAbsolute(fromBase)) {
    return { uri: pathToFileURL(resolve(file)).href };
  }
  return { uri: fromBase.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function fingerprint(finding: Finding): string {
  // The file is part of the identity: the same object in two overlays (dist/dev, dist/prod) is two findings.
  return createHash('sha256').update(`${finding.check}\u0000${finding.file}\u0000${finding.object}\u0000${formatPath(finding.path)}`).digest('hex');
}

/** `base`: the folder relative uris start from (the CLI's `--base`, by default the repository root). */
export function renderSarif(report: Report, base: string = process.cwd()): string {
  const rules = rulesFor(report.findings);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cdk8s-stack-check',
            rules: rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              ...(rule.rationale ? { fullDescription: { text: rule.rationale } } : {}),
              help: { text: `Fix: ${rule.hint}` },
              defaultConfiguration: { level: rule.severity },
              properties: ruleProperties(rule),
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(resolve(base)).href.replace(/\/?$/, '/') } },
        results: report.findings.map((finding) => ({
          ruleId: finding.check,
          ruleIndex: ruleIndex.get(finding.check)!,
          level: finding.severity,
          message: { text: `${finding.object}: ${finding.message}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(finding.file, base),
                region: { startLine: finding.line, ...(finding.col ? { startColumn: finding.col } : {}) },
              },
              logicalLocations: [{ fullyQualifiedName: finding.object, kind: 'resource' }],
            },
          ],
          partialFingerprints: { 'cdk8sStackFinding/v1': fingerprint(finding) },
          ...(finding.waived ? { suppressions: [{ kind: 'inSource', justification: finding.waived.reason }] } : {}),
          properties: { class: finding.class, path: formatPath(finding.path), hint: finding.hint },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
