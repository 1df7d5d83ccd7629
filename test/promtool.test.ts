/**
 * The PrometheusRules of the frozen default stack against the real promtool (`npm run test:rules` does the same
 * from the command line). Skipped, with a message, where promtool is not installed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROMTOOL_MISSING, promtoolPath, promtoolSuite } from '../lib/operations/promtool';
import { ROOT, renderedStack } from './helpers';

const promtool = promtoolPath();
if (!promtool) console.warn(PROMTOOL_MISSING);

describe.skipIf(!promtool)('promtool', () => {
  const runs = promtool ? promtoolSuite({ distDir: renderedStack(), testsDir: join(ROOT, 'test', 'rules') }) : [];

  it('accepts every rendered rule group (promtool check rules)', () => {
    const check = runs.find((r) => r.command.startsWith('promtool check rules'));
    expect(check?.ok, check?.output).toBe(true);
    expect(check!.output).toMatch(/SUCCESS/);
  });

  it.each(['application', 'slo', 'backups', 'certificates', 'uptime'])('passes the %s alert unit tests (promtool test rules)', (name) => {
    const run = runs.find((r) => r.command === `promtool test rules ${name}.test.yaml`);
    expect(run, `test/rules/${name}.test.yaml was not run`).toBeDefined();
    expect(run!.ok, run!.output).toBe(true);
  });
});
