/** The command line as CI runs it: exit codes, formats, and never a stack trace. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../lib/check/checks/index';
import { runCheckCli } from '../../lib/check/cli';
import { fixture } from './helpers';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'check-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `npx tsx scripts/check.ts ARGS` from the repository root. */
function check(args: string[], cwd = repo): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npx', ['tsx', join(repo, 'scripts', 'check.ts'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.replace(/^npm warn .*\n/gm, '') };
}

function expectNoStackTrace(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/node:internal|Error:/);
}

describe('exit codes', () => {
  it('GIVEN the compliant stack WHEN checked THEN exit 0 and a PASSED summary', () => {
    const { code, stdout } = check([fixture('compliant')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^PASSED: 0 errors, 0 warnings, 0 waived in \d+ objects from 4 files$/m);
  });

  it('GIVEN only a warning (a waived LoadBalancer and a NodePort warning) WHEN checked THEN exit 0: warnings do not fail', () => {
    const file = join(tmp, 'warning-only.yaml');
    writeFileSync(
      file,
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: edge\n  namespace: shop\n  labels: {app.kubernetes.io/name: edge, app.kubernetes.io/part-of: shop, app.kubernetes.io/managed-by: cdk8s-stack}\nspec:\n  type: NodePort\n  ports: [{name: http, port: 80}]\n',
    );
    const { code, stdout } = check([file]);
    expect(stdout).toContain('[exposed-service]');
    expect(code).toBe(0);
  });

  it('GIVEN the foreign nginx file WHEN checked THEN exit 1 and findings grouped under the file', () => {
    const { code, stdout } = check([fixture('foreign')]);
    expect(code).toBe(1);
    expect(stdout.split('\n')[0]).toBe(fixture('foreign', 'nginx.yml'));
    expect(stdout).toMatch(/^FAILED: \d+ errors, 1 warning, 1 note, 0 waived in 3 objects from 1 file$/m);
  });

  it('GIVEN a path that does not exist WHEN checked THEN exit 2 with a one-line reason, no stack trace', () => {
    const { code, stdout, stderr } = check(['no/such/dir']);
    expect(code).toBe(2);
    expect(stdout).toContain('no/such/dir\n  1: error  (file)  [input-error] (correctness)\n    no such file or folder');
    expect(stderr).toBe('no/such/dir: no such file or folder\ncheck: 1 input error; those files were not checked\n');
  });

  it('GIVEN a YAML syntax error WHEN checked THEN exit 2 with file:line:col, no stack trace', () => {
    const file = fixture('input', 'broken', 'syntax-error.yaml');
    const { code, stderr } = check([file, fixture('compliant')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: YAML: .+$`, 'm'));
    expectNoStackTrace(stderr);
  });

  it('GIVEN an unknown flag WHEN run THEN exit 2 naming the flag', () => {
    const { code, stderr } = check(['--strictest', fixture('compliant')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^check: .*--strictest.* \(see --help\)\n$/);
  });

  it('GIVEN an unknown format WHEN run THEN exit 2 listing the formats', () => {
    const { code, stderr } = check(['--format', 'xml', fixture('compliant')]);
    expect(code).toBe(2);
    expect(stderr).toBe('check: unknown format "xml"; use one of text, json, sarif, junit\n');
  });

  it('GIVEN no path and no dist/ folder WHEN run THEN the default dist/ is checked and reported missing (exit 2)', () => {
    const result = spawnSync(join(repo, 'node_modules', '.bin', 'tsx'), [join(repo, 'scripts', 'check.ts')], { cwd: tmp, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('dist/: no such file or folder');
  });
});

describe('formats and options', () => {
  it('GIVEN --format json WHEN run THEN stdout is only JSON and the summary goes to stderr', () => {
    const { code, stdout, stderr } = check(['--format', 'json', fixture('foreign')]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings.length).toBeGreaterThan(10);
    expect(stderr).toMatch(/^FAILED: /m);
  });

  it('GIVEN --format sarif --output FILE WHEN run THEN the SARIF log is written to the file', () => {
    const out = join(tmp, 'reports', 'check.sarif');
    const { code, stdout, stderr } = check(['-f', 'sarif', '--output', out, fixture('foreign')]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`(report written to ${out})`);
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0');
  });

  it('GIVEN --format junit WHEN run THEN every object of every file is a test case', () => {
    const { stdout } = check(['--format', 'junit', fixture('compliant')]);
    expect(stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="cdk8s-stack check" tests="\d+" failures="0" errors="0" skipped="0">/);
    expect(stdout).toContain('<testcase name="Deployment shop/api" classname=');
  });

  it('GIVEN --list-checks WHEN run THEN every check id is listed with its severity', () => {
    const { code, stdout } = check(['--list-checks']);
    expect(code).toBe(0);
    for (const info of ALL_CHECKS) expect(stdout).toMatch(new RegExp(`^${info.id} +${info.severity} `, 'm'));
  });

  it('GIVEN --help WHEN run THEN the usage, the waiver annotation and the exit codes are shown', () => {
    const { code, stdout } = check(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: npm run check');
    expect(stdout).toContain('cdk8s-stack.dev/waive.<check-id>');
    expect(stdout).toContain('Exit codes: 0 no violations (warnings and notes allowed), 1 violations, 2 unusable input');
  });
});

/** The CLI in-process: quicker than a child process, and the same code path. */
function run(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCheckCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('edge cases of the command line', () => {
  it('GIVEN an empty file and a comment-only file WHEN checked THEN both count as read, a note says there are no objects, exit 0', () => {
    const dir = mkdtempSync(join(tmp, 'empty-'));
    writeFileSync(join(dir, 'empty.yaml'), '');
    writeFileSync(join(dir, 'comments.yaml'), '# nothing here yet\n---\n# still nothing\n');
    const { code, stdout, stderr } = run([dir]);
    expect(code).toBe(0);
    expect(stdout).toBe('PASSED: 0 errors, 0 warnings, 0 waived in 0 objects from 2 files\n');
    expect(stderr).toBe('check: note: no Kubernetes objects in 2 files (empty or comments only)\n');
  });

  it('GIVEN --list-checks with --format sarif or junit WHEN run THEN exit 2 instead of silently printing text', () => {
    for (const format of ['sarif', 'junit']) {
      const { code, stdout, stderr } = run(['--list-checks', '--format', format]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(`check: --list-checks prints text or json, not ${format}\n`);
    }
    expect(JSON.parse(run(['--list-checks', '--format', 'json']).stdout).length).toBe(ALL_CHECKS.length);
  });

  it('GIVEN --output in a missing folder under /proc WHEN run THEN exit 2 at once (no recursive mkdir that never returns)', () => {
    const started = Date.now();
    const { code, stderr } = run(['--output', '/proc/no-such-dir/report.json', '--format', 'json', fixture('compliant')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^check: cannot write \/proc\/no-such-dir\/report\.json: E[A-Z]+\n$/);
    // A hang guard, not a speed test: the recursive mkdir it replaces never returned at all (start-up alone takes seconds on a busy machine).
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('GIVEN --output under a path whose parent is a file WHEN run THEN exit 2 with ENOTDIR', () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const { code, stderr } = run(['--output', join(file, 'sub', 'report.json'), fixture('compliant')]);
    expect(code).toBe(2);
    expect(stderr).toContain('ENOTDIR');
  });

  it('GIVEN --output in nested missing folders WHEN run THEN they are created', () => {
    const out = join(tmp, 'deep', 'er', 'report.json');
    const { code } = run(['-f', 'json', '-o', out, fixture('compliant')]);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.errors).toBe(0);
  });
});
