/**
 * Input formats (JSON, typed lists, kustomize and Helm files skipped with a note) and
 * CI formats that never break: YAML errors become findings at their line and column,
 * and --output always writes a schema-valid report, exit 2 included.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheckCli } from '../../lib/check/cli';
import { loadPaths } from '../../lib/check/load';
import { fixture } from './helpers';
import { junitProblems } from './junit-structure';

const tmp = mkdtempSync(join(tmpdir(), 'check-input-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCheckCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const formats = fixture('input', 'formats');
const broken = fixture('input', 'broken', 'syntax-error.yaml');
const templated = fixture('input', 'templated', 'job.yaml');

describe('input formats', () => {
  const loaded = loadPaths([formats, templated]);

  it('GIVEN a .json ConfigMapList and a YAML RoleList WHEN loaded THEN every item is an object of its own, located in its file', () => {
    const ids = loaded.manifests.map((m) => `${m.file.slice(formats.length + 1)}:${m.line} ${m.object.kind} ${m.object.metadata.name}`);
    expect(ids).toEqual([
      'configmaps.json:5 ConfigMap dashboards-a',
      'configmaps.json:11 ConfigMap Dashboards_B',
      'rolelist.yaml:4 Role reader',
      'rolelist.yaml:10 Role writer',
    ]);
  });

  it('GIVEN kustomize, Helm chart files, a template with {{ and a non-Kubernetes JSON WHEN loaded THEN each is skipped with a note, not read as an object', () => {
    const notes = loaded.notes.map((n) => `${n.file.replace(`${fixture('input')}/`, '')}: ${n.reason.split(':')[0]}`);
    expect(notes).toEqual([
      'formats/chart/Chart.yaml: a Helm chart\'s Chart file, not an object',
      'formats/chart/templates/deployment.yaml: a Helm chart template',
      'formats/chart/values.yaml: Helm chart values, not an object',
      'formats/dashboard.json: JSON without apiVersion and kind',
      'formats/kustomize/kustomization.yaml: a kustomize kustomization, not an object',
      'templated/job.yaml: a Go/Helm template (it has {{ … }} and is not valid YAML as it stands)',
    ]);
    expect(loaded.errors).toEqual([]);
  });

  it('GIVEN the folder WHEN checked THEN a list item fails at its own line (the JSON name, the RoleList rule), the skipped files are notes', () => {
    const json = JSON.parse(cli(['--format', 'json', '--class', 'correctness', formats]).stdout);
    const at = (f: { file: string; line: number; check: string; severity: string }) => `${f.file.slice(formats.length + 1)}:${f.line} ${f.severity} ${f.check}`;
    expect(json.findings.map(at)).toEqual([
      'chart/Chart.yaml:1 note input-skipped',
      'chart/templates/deployment.yaml:1 note input-skipped',
      'chart/values.yaml:1 note input-skipped',
      'configmaps.json:14 error metadata-name',
      'dashboard.json:1 note input-skipped',
      'kustomize/kustomization.yaml:1 note input-skipped',
      'rolelist.yaml:19 error schema-unknown-field',
    ]);
  });
});

describe('CI formats never break', () => {
  const require04 = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(require04);
  const validateSarif = require04.compile(JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')));

  it('GIVEN a YAML syntax error WHEN checked as JSON THEN it is an input-error finding at its real line and column, the rest is still checked, exit 2', () => {
    const { code, stdout } = cli(['--format', 'json', broken, fixture('compliant')]);
    expect(code).toBe(2);
    const json = JSON.parse(stdout);
    expect(json.findings).toContainEqual(expect.objectContaining({ file: broken, line: 7, col: 3, check: 'input-error', class: 'correctness', severity: 'error', message: 'YAML: deficient indentation' }));
    expect(json.summary.objects).toBeGreaterThan(10);
    expect(json.passed).toBe(false);
  });

  for (const format of ['sarif', 'json', 'junit'] as const) {
    it(`GIVEN broken YAML and a missing path WHEN checked with --format ${format} --output FILE THEN the report is written (exit 2) and valid`, () => {
      const out = join(tmp, `report.${format}`);
      const { code, stdout } = cli(['--format', format, '--output', out, broken, 'no/such/path', fixture('classes')]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      const text = readFileSync(out, 'utf8');
      if (format === 'sarif') {
        const log = JSON.parse(text);
        expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
        const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'input-error');
        expect(result.locations[0].physicalLocation.region).toEqual({ startLine: 7, startColumn: 3 });
        expect(result.properties.class).toBe('correctness');
      } else if (format === 'json') {
        expect(JSON.parse(text).findings.filter((f: { check: string }) => f.check === 'input-error')).toHaveLength(2);
      } else {
        expect(junitProblems(text)).toEqual([]);
        expect(text).toContain('type="input-error"');
      }
    });
  }

  it('GIVEN the structural JUnit check WHEN fed a wrong document THEN it refuses it (it is not vacuous)', () => {
    expect(junitProblems('<testsuites><testsuite name="a" tests="2"><testcase name="x" classname="c"/></testsuite></testsuites>')).toEqual(['<testsuite name="a"> says tests="2" but holds 1']);
    expect(junitProblems('<testsuites><testsuite name="a" tests="1"><testcase name="x"><bogus/></testcase></testsuite></testsuites>')).toEqual([
      '<testcase> lacks the required attribute classname',
      '<bogus> is not allowed inside <testcase>',
    ]);
  });
});
