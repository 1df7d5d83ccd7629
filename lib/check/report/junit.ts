/**
 * JUnit XML for CI test tabs: one <testsuite> per file, one <testcase> per
 * object and check that reported something (failed, or skipped when waived),
 * and one passing <testcase> per object without findings. Warnings do not
 * fail the run, so they are passing test cases with the warning in <system-out>.
 */
import type { Finding, Report } from '../engine';
import { formatPath } from '../../shared/key-path';
import { appendTo } from '../../shared/collections';

interface Case {
  readonly name: string;
  readonly classname: string;
  /** correctness or policy: written as a testcase property (`<property name="class">`), the test's category. */
  readonly category?: string;
  readonly failure?: { readonly message: string; readonly type: string; readonly body: string };
  readonly skipped?: string;
  readonly out?: string;
}

/** Escapes text for XML attributes and content, dropping characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Content keeps its newlines readable; only attribute values need them encoded. */
function escapeContent(text: string): string {
  return escapeXml(text).replace(/&#10;/g, '\n');
}

function describe(finding: Finding): string {
  const where = finding.path.length > 0 ? `${formatPath(finding.path)}: ` : '';
  return `line ${finding.line}: ${where}${finding.message}\nfix: ${finding.hint}`;
}

function casesFor(file: string, findings: readonly Finding[], objects: readonly string[]): Case[] {
  const cases: Case[] = [];
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.object}\u0000${finding.check}`;
    appendTo(groups, key, finding);
  }
  for (const group of groups.values()) {
    const first = group[0]!;
    const name = `${first.object}: ${first.check}`;
    const active = group.filter((f) => !f.waived);
    const errors = active.filter((f) => f.severity === 'error');
    const category = first.class;
    if (errors.length > 0) {
      cases.push({ name, classname: file, category, failure: { message: errors[0]!.message, type: first.check, body: errors.map(describe).join('\n\n') } });
    } else if (active.length > 0) {
      cases.push({ name, classname: file, category, out: active.map((f) => `${f.severity}: ${describe(f)}`).join('\n\n') });
    } else {
      cases.push({ name, classname: file, category, skipped: `waived: ${group.map((f) => f.waived!.reason).filter((r, i, all) => all.indexOf(r) === i).join('; ')}` });
    }
  }
  const reported = new Set(findings.map((f) => f.object));
  for (const object of objects) {
    if (!reported.has(object)) cases.push({ name: object, classname: file });
  }
  return cases;
}

/**
 * @param objectsByFile every object checked, per file (so clean objects show as passed tests);
 *   defaults to the objects that have findings.
 */
export function renderJunit(report: Report, objectsByFile?: ReadonlyMap<string, readonly string[]>): string {
  const files = new Map<string, Finding[]>();
  for (const finding of report.findings) appendTo(files, finding.file, finding);
  const allFiles = [...new Set([...files.keys(), ...(objectsByFile?.keys() ?? [])])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const suites = allFiles.map((file) => {
    const cases = casesFor(file, files.get(file) ?? [], objectsByFile?.get(file) ?? []);
    return { file, cases, failures: cases.filter((c) => c.failure).length, skipped: cases.filter((c) => c.skipped).length };
  });
  const total = (pick: (s: (typeof suites)[number]) => number) => suites.reduce((sum, suite) => sum + pick(suite), 0);

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="cdk8s-stack check" tests="${total((s) => s.cases.length)}" failures="${total((s) => s.failures)}" errors="0" skipped="${total((s) => s.skipped)}">`,
  );
  suites.forEach((suite, id) => {
    out.push(
      `  <testsuite name="${escapeXml(suite.file)}" id="${id}" tests="${suite.cases.length}" failures="${suite.failures}" errors="0" skipped="${suite.skipped}">`,
    );
    for (const testCase of suite.cases) {
      const open = `    <testcase name="${escapeXml(testCase.name)}" classname="${escapeXml(testCase.classname)}"`;
      if (!testCase.failure && testCase.skipped === undefined && testCase.out === undefined) {
        out.push(`${open}/>`);
        continue;
      }
      out.push(`${open}>`);
      if (testCase.category) out.push(`      <properties><property name="class" value="${escapeXml(testCase.category)}"/></properties>`);
      if (testCase.failure) {
        out.push(`      <failure message="${escapeXml(testCase.failure.message)}" type="${escapeXml(testCase.failure.type)}">${escapeContent(testCase.failure.body)}</failure>`);
      }
      if (testCase.skipped !== undefined) out.push(`      <skipped message="${escapeXml(testCase.skipped)}"/>`);
      if (testCase.out !== undefined) out.push(`      <system-out>${escapeContent(testCase.out)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  });
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
