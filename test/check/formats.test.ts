/** The report formats: text for people, JSON for scripts, SARIF for code scanning, JUnit for CI test tabs. */
import { readFileSync } from 'node:fs';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../lib/check/checks/index';
import { checkManifests, type Report } from '../../lib/check/engine';
import { parseManifests } from '../../lib/check/load';
import { renderJson } from '../../lib/check/report/json';
import { renderJunit } from '../../lib/check/report/junit';
import { artifactLocation, renderSarif } from '../../lib/check/report/sarif';
import { renderText } from '../../lib/check/report/text';
import { checkPaths, fixture } from './helpers';

// The foreign file (many findings, one warning) plus a waived finding.
const report = checkPaths(fixture('foreign'), fixture('waiver-without-reason', 'pass.yaml'));
const waivedFile = fixture('waiver-without-reason', 'pass.yaml');

describe('text', () => {
  const text = renderText(report);

  it('GIVEN findings in two files WHEN rendered THEN they are grouped under each file name, with line, object, check, message and fix', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe(fixture('foreign', 'nginx.yml'));
    expect(lines).toContain(waivedFile);
    expect(text).toContain('  21: error  Deployment default/nginx-deployment  [image-tag] (policy)\n    spec.template.spec.containers[0].image: container "nginx" uses image "nginx" without a tag, which means :latest\n    fix: pin the image');
  });

  it('GIVEN a waived finding WHEN rendered THEN it is marked waived with the reason instead of a fix', () => {
    expect(text).toContain('warning (waived)  Service shop/web  [exposed-service]');
    expect(text).toContain('    waived: Public TCP endpoint for MQTT devices; no HTTP, so no Ingress.');
  });

  it('GIVEN the report WHEN rendered THEN it ends with one summary line with the counts', () => {
    const { errors, warnings } = report.summary;
    expect(text.trimEnd().split('\n').at(-1)).toBe(`FAILED: ${errors} errors, ${warnings} warning, 1 note, 1 waived in 4 objects from 2 files`);
  });
});

describe('json', () => {
  it('GIVEN the report WHEN rendered as JSON THEN it parses and carries every finding with its file, line, object, check and path', () => {
    const parsed = JSON.parse(renderJson(report));
    expect(parsed.passed).toBe(false);
    expect(parsed.summary).toEqual(report.summary);
    expect(parsed.findings).toHaveLength(report.findings.length);
    expect(parsed.findings).toContainEqual(
      expect.objectContaining({
        file: fixture('foreign', 'nginx.yml'),
        line: 21,
        object: 'Deployment default/nginx-deployment',
        check: 'image-tag',
        class: 'policy',
        severity: 'error',
        path: 'spec.template.spec.containers[0].image',
        keyPath: ['spec', 'template', 'spec', 'containers', 0, 'image'],
        waived: false,
      }),
    );
    expect(parsed.findings.filter((f: { waived: boolean }) => f.waived)).toEqual([
      expect.objectContaining({ check: 'exposed-service', waiverReason: 'Public TCP endpoint for MQTT devices; no HTTP, so no Ingress.' }),
    ]);
  });
});

describe('sarif', () => {
  // The SARIF 2.1.0 JSON schema as published with the standard (OASIS sarif-2.1.0-rtm.5), vendored from
  // Microsoft's @microsoft/jest-sarif 1.0.0-beta.0 (MIT) into test/fixtures/sarif/ so the test never depends on a package layout.
  const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'));
  // unicodeRegExp off: one pattern in the published schema (language tags) is not valid with the u flag.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const log = JSON.parse(renderSarif(report));

  it('GIVEN the report WHEN rendered as SARIF THEN it validates against the SARIF 2.1.0 schema', () => {
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // ...and the validator is not vacuous: a wrong version or a result without a message is rejected.
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    expect(validate({ ...log, runs: [{ ...log.runs[0], results: [{ ruleId: 'x' }] }] })).toBe(false);
  });

  it('GIVEN the registry WHEN rendered THEN every check is a rule with a short description and help', () => {
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(ALL_CHECKS.map((c) => c.id)));
    expect(rules[0]).toMatchObject({ shortDescription: { text: expect.any(String) }, help: { text: expect.stringMatching(/^Fix: /) } });
  });

  it('GIVEN a finding WHEN rendered THEN its result names the rule, level, message, file uri and start line', () => {
    const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'image-tag');
    expect(result).toMatchObject({
      ruleId: 'image-tag',
      level: 'error',
      message: { text: expect.stringContaining('Deployment default/nginx-deployment: container "nginx" uses image "nginx"') },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: 'test/check/fixtures/foreign/nginx.yml', uriBaseId: 'SRCROOT' }, region: { startLine: 21 } },
        },
      ],
    });
    expect(log.runs[0].tool.driver.rules[result.ruleIndex].id).toBe('image-tag');
  });

  it('GIVEN the same object in two overlays WHEN rendered THEN the two results have different partialFingerprints', () => {
    const text = readFileSync(fixture('foreign', 'nginx.yml'), 'utf8');
    const twice = checkManifests([...parseManifests(text, 'dist/dev/nginx.yml').manifests, ...parseManifests(text, 'dist/prod/nginx.yml').manifests]);
    const results: { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] =
      JSON.parse(renderSarif(twice)).runs[0].results;
    const imageTag = results.filter((r) => r.ruleId === 'image-tag');
    expect(imageTag.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(['dist/dev/nginx.yml', 'dist/prod/nginx.yml']);
    expect(new Set(imageTag.map((r) => r.partialFingerprints['cdk8sStackFinding/v1'])).size).toBe(2);
    const all = results.map((r) => r.partialFingerprints['cdk8sStackFinding/v1']);
    expect(new Set(all).size).toBe(all.length);
  });

  it('GIVEN a waived finding WHEN rendered THEN the result carries an in-source suppression with the reason', () => {
    const suppressed = log.runs[0].results.filter((r: { suppressions?: unknown }) => r.suppressions);
    expect(suppressed).toEqual([
      expect.objectContaining({ ruleId: 'exposed-service', suppressions: [{ kind: 'inSource', justification: 'Public TCP endpoint for MQTT devices; no HTTP, so no Ingress.' }] }),
    ]);
  });

  it('GIVEN files inside and outside the base WHEN turned into URIs THEN inside ones are relative to %SRCROOT%, odd characters encoded', () => {
    expect(artifactLocation('dist/prod/api deployment.yaml', process.cwd())).toStrictEqual({ uri: 'dist/prod/api%20deployment.yaml', uriBaseId: 'SRCROOT' });
    expect(artifactLocation('/repo/gitops/dist/a.yaml', '/repo')).toStrictEqual({ uri: 'gitops/dist/a.yaml', uriBaseId: 'SRCROOT' });
    expect(artifactLocation('/elsewhere/dist/a.yaml', '/repo')).toStrictEqual({ uri: 'file:///elsewhere/dist/a.yaml' });
    expect(artifactLocation('../outside.yaml', '/repo')).toStrictEqual({ uri: expect.stringMatching(/^file:\/\/\//) });
  });

  it('GIVEN the run WHEN rendered THEN %SRCROOT% is the base as a folder uri', () => {
    expect(log.runs[0].originalUriBaseIds).toStrictEqual({ SRCROOT: { uri: `file://${process.cwd()}/` } });
  });

  it('GIVEN the security groups WHEN rendered THEN their rules carry a security-severity; other rules do not', () => {
    const rules: { id: string; properties: Record<string, unknown> }[] = log.runs[0].tool.driver.rules;
    const byId = new Map(rules.map((r) => [r.id, r.properties]));
    const secrets = ALL_CHECKS.find((c) => c.group === 'secrets')!;
    const labels = ALL_CHECKS.find((c) => c.group === 'labels')!;
    expect(byId.get(secrets.id)).toStrictEqual({ tags: ['secrets', 'policy', 'security'], class: 'policy', 'security-severity': '9.0' });
    expect(byId.get(labels.id)).toStrictEqual({ tags: ['labels', 'policy'], class: 'policy' });
  });
});

describe('junit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'failure'].includes(name) });
  const objectsByFile = new Map([
    [fixture('foreign', 'nginx.yml'), ['Deployment default/nginx-deployment', 'Service default/nginx-service', 'Ingress default/nginx-ingress']],
    [waivedFile, ['Service shop/web']],
    [fixture('compliant', 'namespace.yaml'), ['Namespace shop']],
  ]);
  const xml = renderJunit(report, objectsByFile);
  const doc = parser.parse(xml);

  it('GIVEN the report WHEN rendered as JUnit THEN it is well-formed XML with testsuites > testsuite (one per file) > testcase', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s: { name: string }) => s.name)).toEqual([...objectsByFile.keys()].sort());
  });

  it('GIVEN the suites WHEN counted THEN tests, failures and skipped agree with the test cases, per suite and in total', () => {
    let tests = 0;
    let failures = 0;
    let skipped = 0;
    for (const suite of doc.testsuites.testsuite) {
      const cases = suite.testcase;
      expect(Number(suite.tests)).toBe(cases.length);
      expect(Number(suite.failures)).toBe(cases.filter((c: { failure?: unknown }) => c.failure).length);
      expect(Number(suite.skipped)).toBe(cases.filter((c: { skipped?: unknown }) => c.skipped !== undefined).length);
      tests += cases.length;
      failures += Number(suite.failures);
      skipped += Number(suite.skipped);
    }
    expect([Number(doc.testsuites.tests), Number(doc.testsuites.failures), Number(doc.testsuites.skipped)]).toEqual([tests, failures, skipped]);
    expect(failures).toBe(new Set(report.findings.filter((f) => f.severity === 'error' && !f.waived).map((f) => `${f.object}/${f.check}`)).size);
  });

  it('GIVEN a failing object/check pair WHEN rendered THEN its testcase has one failure with the check as type and the fix in the body', () => {
    const foreign = doc.testsuites.testsuite.find((s: { name: string }) => s.name.endsWith('nginx.yml'));
    const testCase = foreign.testcase.find((c: { name: string }) => c.name === 'Deployment default/nginx-deployment: image-tag');
    expect(testCase.failure).toHaveLength(1);
    expect(testCase.failure[0]).toMatchObject({ type: 'image-tag', message: expect.stringContaining('without a tag') });
    expect(testCase.failure[0]['#text']).toContain('fix: pin the image');
  });

  it('GIVEN a clean object and a waived finding WHEN rendered THEN one is a passing testcase, the other a skipped one', () => {
    const clean = doc.testsuites.testsuite.find((s: { name: string }) => s.name.endsWith('namespace.yaml'));
    expect(clean.testcase).toEqual([{ name: 'Namespace shop', classname: fixture('compliant', 'namespace.yaml') }]);
    const waived = doc.testsuites.testsuite.find((s: { name: string }) => s.name === waivedFile);
    expect(waived.testcase.find((c: { name: string }) => c.name === 'Service shop/web: exposed-service').skipped).toMatchObject({ message: expect.stringContaining('waived: Public TCP') });
  });

  it('GIVEN messages with XML metacharacters and control characters WHEN rendered THEN the XML stays valid and the text round-trips', () => {
    const nasty: Report = {
      passed: false,
      summary: { files: 1, objects: 1, errors: 1, warnings: 0, notes: 0, waived: 0, byClass: { correctness: 1, policy: 0 } },
      findings: [{ check: 'x', class: 'correctness', severity: 'error', path: ['a'], message: 'bad <value> & "quotes" \'apos\' \u0001\u001b[31m', hint: 'use <this> & that', file: 'a&b<c>.yaml', line: 1, object: 'ConfigMap a/b' }],
    };
    const out = renderJunit(nasty);
    expect(XMLValidator.validate(out)).toBe(true);
    const parsed = parser.parse(out);
    expect(parsed.testsuites.testsuite[0].name).toBe('a&b<c>.yaml');
    expect(parsed.testsuites.testsuite[0].testcase[0].failure[0].message).toBe('bad <value> & "quotes" \'apos\' [31m');
  });
});

describe('stable output', () => {
  it('GIVEN the same report WHEN rendered twice in every format THEN the output is byte-identical', () => {
    const again = checkPaths(fixture('foreign'), fixture('waiver-without-reason', 'pass.yaml'));
    expect(renderText(again)).toBe(renderText(report));
    expect(renderJson(again)).toBe(renderJson(report));
    expect(renderSarif(again)).toBe(renderSarif(report));
    expect(renderJunit(again)).toBe(renderJunit(report));
  });
});
