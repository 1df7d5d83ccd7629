/**
 * Human output: findings grouped by file, each with line, severity, object,
 * check id, the key path and message, and a "fix:" line; then one summary line.
 */
import type { Report } from '../engine';
import { formatPath } from '../../shared/key-path';

export function renderText(report: Report): string {
  const lines: string[] = [];
  let file: string | undefined;
  for (const finding of report.findings) {
    if (finding.file !== file) {
      if (file !== undefined) lines.push('');
      file = finding.file;
      lines.push(file);
    }
    const severity = finding.waived ? `${finding.severity} (waived)` : finding.severity;
    const where = finding.path.length > 0 ? `${formatPath(finding.path)}: ` : '';
    const at = finding.col ? `${finding.line}:${finding.col}` : `${finding.line}`;
    lines.push(`  ${at}: ${severity}  ${finding.object}  [${finding.check}] (${finding.class})`);
    lines.push(`    ${where}${finding.message}`);
    if (finding.waived) lines.push(`    waived: ${finding.waived.reason}`);
    else lines.push(`    fix: ${finding.hint}`);
  }
  if (lines.length > 0) lines.push('');
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}

export function summaryLine(report: Report): string {
  const { errors, warnings, notes, waived, objects, files } = report.summary;
  const verdict = report.passed ? 'PASSED' : 'FAILED';
  const noted = notes > 0 ? `, ${plural(notes, 'note')}` : '';
  return `${verdict}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${noted}, ${waived} waived in ${plural(objects, 'object')} from ${plural(files, 'file')}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
