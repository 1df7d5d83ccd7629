/**
 * Machine output: the summary and every finding, keys in a fixed order.
 * `path` is the rendered key path, `keyPath` the raw segments.
 */
import type { Report } from '../engine';
import { formatPath } from '../../shared/key-path';

export function renderJson(report: Report): string {
  const document = {
    tool: 'cdk8s-stack check',
    passed: report.passed,
    summary: report.summary,
    findings: report.findings.map((finding) => ({
      file: finding.file,
      line: finding.line,
      ...(finding.col ? { col: finding.col } : {}),
      object: finding.object,
      check: finding.check,
      class: finding.class,
      severity: finding.severity,
      path: formatPath(finding.path),
      keyPath: finding.path,
      message: finding.message,
      hint: finding.hint,
      waived: finding.waived !== undefined,
      ...(finding.waived ? { waiverReason: finding.waived.reason } : {}),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
