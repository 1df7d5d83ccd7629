/**
 * SARIF 2.1.0, for code-scanning upload: every check is a rule (id, short
 * description, help with the fix), every finding a result at file + line,
 * waived findings carry an in-source suppression with the waiver's reason.
 */
import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
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
        checkInfo(id) ?? { id, group: 'other', severity: 'error' as const, description: id, hint: 'see the finding message', rationale: '' },
    ),
  ];
}

/** A file path as a SARIF uri: relative paths stay relative (code scanning resolves them from the repository root). */
export function fileUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function fingerprint(finding: Finding): string {
  // The file is part of the identity: the same object in two overlays (dist/dev, dist/prod) is two findings.
  return createHash('sha256').update(`${finding.check}\u0000${finding.file}\u0000${finding.object}\u0000${formatPath(finding.path)}`).digest('hex');
}

export function renderSarif(report: Report): string {
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
              properties: { tags: [rule.group] },
            })),
          },
        },
        results: report.findings.map((finding) => ({
          ruleId: finding.check,
          ruleIndex: ruleIndex.get(finding.check)!,
          level: finding.severity,
          message: { text: `${finding.object}: ${finding.message}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: fileUri(finding.file) },
                region: { startLine: finding.line },
              },
              logicalLocations: [{ fullyQualifiedName: finding.object, kind: 'resource' }],
            },
          ],
          partialFingerprints: { 'cdk8sStackFinding/v1': fingerprint(finding) },
          ...(finding.waived ? { suppressions: [{ kind: 'inSource', justification: finding.waived.reason }] } : {}),
          properties: { path: formatPath(finding.path), hint: finding.hint },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
