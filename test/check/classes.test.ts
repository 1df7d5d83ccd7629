/** Finding classes: correctness (refused by the API server or an operator, or cannot work) vs policy (good practice). */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../lib/check/checks/index';
import { runCheckCli } from '../../lib/check/cli';
import { checkManifests } from '../../lib/check/engine';
import { loadPaths } from '../../lib/check/load';
import { renderJson } from '../../lib/check/report/json';
import { renderJunit } from '../../lib/check/report/junit';
import { renderSarif } from '../../lib/check/report/sarif';
import { fixture } from './helpers';

const file = fixture('classes', 'mixed.yaml');
const { manifests } = loadPaths([file]);

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCheckCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('finding classes', () => {
  it('GIVEN the registry WHEN listed THEN every check has a class, and the schema checks are correctness', () => {
    for (const info of ALL_CHECKS) expect(['correctness', 'policy']).toContain(info.class);
    expect(ALL_CHECKS.filter((c) => c.group === 'schema').every((c) => c.class === 'correctness')).toBe(true);
    expect(ALL_CHECKS.find((c) => c.id === 'recommended-labels')?.class).toBe('policy');
    expect(ALL_CHECKS.find((c) => c.id === 'job-restart-policy')?.class).toBe('correctness');
  });

  it('GIVEN a Job with one correctness and several policy findings WHEN checked THEN each finding carries its class in JSON, SARIF and JUnit', () => {
    const report = checkManifests(manifests);
    const json = JSON.parse(renderJson(report));
    expect(json.findings.find((f: { check: string }) => f.check === 'job-restart-policy').class).toBe('correctness');
    expect(json.findings.find((f: { check: string }) => f.check === 'recommended-labels').class).toBe('policy');
    expect(json.summary.byClass.correctness).toBe(1);

    const sarif = JSON.parse(renderSarif(report));
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'job-restart-policy');
    expect(result.properties.class).toBe('correctness');
    const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'job-restart-policy');
    expect(rule.properties).toMatchObject({ class: 'correctness', tags: expect.arrayContaining(['correctness']) });

    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(renderJunit(report));
    const cases = [xml.testsuites.testsuite.testcase].flat();
    const restart = cases.find((c: { name: string }) => c.name.endsWith('job-restart-policy'));
    expect(restart.properties.property).toEqual({ name: 'class', value: 'correctness' });
  });

  it('GIVEN --class correctness WHEN checked THEN only correctness findings are reported', () => {
    const { code, stdout } = cli(['--format', 'json', '--class', 'correctness', file]);
    const json = JSON.parse(stdout);
    expect(json.findings.map((f: { check: string }) => f.check)).toEqual(['job-restart-policy']);
    expect(code).toBe(1);
  });

  it('GIVEN --class policy WHEN checked THEN no correctness finding is reported', () => {
    const json = JSON.parse(cli(['--format', 'json', '--class', 'policy', file]).stdout);
    expect(json.findings.length).toBeGreaterThan(0);
    expect(json.findings.every((f: { class: string }) => f.class === 'policy')).toBe(true);
  });

  it('GIVEN an unknown class or --list-checks WHEN run THEN exit 2 with the choices, and the listing shows each class', () => {
    expect(cli(['--class', 'style', file])).toMatchObject({ code: 2, stderr: expect.stringContaining('use one of correctness, policy') });
    const listed = JSON.parse(cli(['--list-checks', '--format', 'json']).stdout);
    expect(listed.find((c: { id: string }) => c.id === 'schema-unknown-field').class).toBe('correctness');
    expect(cli(['--list-checks']).stdout).toMatch(/^job-restart-policy +error +correctness +/m);
  });
});
