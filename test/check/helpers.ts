/**
 * Shared test vocabulary: load a fixture, run the whole gate on it, and find
 * the findings a test is about. Fixtures live in test/check/fixtures/.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { policyChecks } from '../../lib/check/checks/index';
import { checkManifests, type Finding, type Report } from '../../lib/check/engine';
import { formatPath } from '../../lib/shared/key-path';
import { loadPaths, parseManifests } from '../../lib/check/load';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

/** Loads files or folders and runs the whole gate; fails the test on input errors. */
export function checkPaths(...paths: string[]): Report {
  const loaded = loadPaths(paths);
  expect(loaded.errors.map((error) => error.message)).toEqual([]);
  return checkManifests(loaded.manifests);
}

/** The whole gate as `npm run check -- --production` runs it. */
export function checkPathsForProduction(...paths: string[]): Report {
  const loaded = loadPaths(paths);
  expect(loaded.errors.map((error) => error.message)).toEqual([]);
  return checkManifests(loaded.manifests, { checks: policyChecks({ production: true }) });
}

/** Runs the whole gate on YAML text. */
export function checkYaml(text: string, file = 'inline.yaml'): Report {
  const parsed = parseManifests(text, file);
  expect(parsed.errors.map((error) => error.message)).toEqual([]);
  return checkManifests(parsed.manifests);
}

export function findingsOf(report: Report, check: string): Finding[] {
  return report.findings.filter((finding) => finding.check === check);
}

/** What a test expects of one finding: the object, and where (path) or what (message fragment). */
export interface Expected {
  readonly object: string;
  readonly path?: string;
  readonly message?: string | RegExp;
  readonly line?: number;
}

function describeFinding(finding: Finding): string {
  return `${finding.line} ${finding.object} ${formatPath(finding.path)}: ${finding.message}`;
}

/** Asserts that the findings of `check` include one matching each expectation. */
export function expectFindings(report: Report, check: string, expected: readonly Expected[]): void {
  const found = findingsOf(report, check);
  for (const want of expected) {
    const match = found.find(
      (finding) =>
        finding.object === want.object &&
        (want.path === undefined || formatPath(finding.path) === want.path) &&
        (want.line === undefined || finding.line === want.line) &&
        (want.message === undefined ||
          (typeof want.message === 'string' ? finding.message.includes(want.message) : want.message.test(finding.message))),
    );
    expect(match, `no ${check} finding like ${JSON.stringify(want)}; got:\n${found.map(describeFinding).join('\n') || '(none)'}`).toBeDefined();
  }
}

/**
 * One expected finding as a row of a check's table: the object, then
 * optionally where (key path), what (message fragment) and the line.
 */
export type ExpectedRow = readonly [object: string, path?: string, message?: string | RegExp, line?: number];

function expectedOf([object, path, message, line]: ExpectedRow): Expected {
  return { object, path, message, line };
}

/** The fixture that must not trigger a check: its own pass.yaml, or for the cronjob-* checks one complete CronJob. */
export function passFixtureOf(check: string): string {
  return check.startsWith('cronjob-') ? fixture('cronjob', 'complete.yaml') : fixture(check, 'pass.yaml');
}

/**
 * The standard pair of tests for each check id of the table:
 * GIVEN fixtures/<id>/fail.yaml WHEN the gate runs THEN <id> reports (at least) the expected findings;
 * GIVEN fixtures/<id>/pass.yaml WHEN the gate runs THEN <id> reports nothing.
 */
export function describeCheckCases(cases: Readonly<Record<string, readonly ExpectedRow[]>>): void {
  for (const [check, rows] of Object.entries(cases)) {
    const fails = rows.map(expectedOf);
    describe(check, () => {
      it(`GIVEN ${check}/fail.yaml WHEN checked THEN ${check} reports ${fails.map((f) => f.object).join(', ')}`, () => {
        const report = checkPaths(fixture(check, 'fail.yaml'));
        expectFindings(report, check, fails);
      });
      const path = passFixtureOf(check);
      it(`GIVEN ${relative(FIXTURES, path)} WHEN checked THEN ${check} reports nothing`, () => {
        expect(existsSync(path)).toBe(true);
        const report = checkPaths(path);
        expect(findingsOf(report, check).map(describeFinding)).toEqual([]);
      });
    });
  }
}
