/**
 * Proving the rendered rules with the real tool: extract the rule groups of every
 * PrometheusRule in dist/ into plain Prometheus rule files, `promtool check rules` them, and
 * run the `promtool test rules` unit tests of test/rules/ against one environment's rules.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { parse, stringify } from 'yaml';

export const PROMTOOL_MISSING = 'promtool not found: the promtool suite was not run; `.ci/run` installs it';

export function promtoolPath(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

/**
 * Writes `<out>/<environment>/<rule name>.yaml` (`groups:` only) for every PrometheusRule
 * under `distDir`; returns the files written.
 */
export function extractRuleFiles(distDir: string, outDir: string): string[] {
  const written: string[] = [];
  for (const file of walk(distDir).filter((f) => /\.ya?ml$/.test(f))) {
    const object = parse(readFileSync(file, 'utf8'));
    if (object?.kind !== 'PrometheusRule') continue;
    const environment = relative(distDir, file).split(/[\\/]/)[0]!;
    const target = join(outDir, environment, `${object.metadata.name}.yaml`);
    mkdirSync(join(outDir, environment), { recursive: true });
    writeFileSync(target, stringify({ groups: object.spec.groups }, { lineWidth: 0 }));
    written.push(target);
  }
  return written;
}

export interface PromtoolRun {
  readonly ok: boolean;
  readonly command: string;
  readonly output: string;
}

function run(args: string[], cwd: string): PromtoolRun {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  return { ok: result.status === 0, command: `promtool ${args.join(' ')}`, output: `${result.stdout}${result.stderr}` };
}

/**
 * `promtool check rules` on the rule groups of every PrometheusRule under `distDir`, extracted into
 * `<work>/dist/`; no run (`check` undefined) when nothing under `distDir` is a PrometheusRule.
 */
export function checkRules(distDir: string, work: string): { files: string[]; check?: PromtoolRun } {
  const files = extractRuleFiles(distDir, join(work, 'dist'));
  return { files, check: files.length ? run(['check', 'rules', ...files.map((f) => relative(work, f))], work) : undefined };
}

/**
 * `promtool check rules` on every extracted file, then `promtool test rules` on every
 * test/rules/*.test.yaml. The tests read `rules/<rule name>.yaml`: the rules of `environment`.
 */
export function promtoolSuite(opts: { distDir: string; testsDir: string; environment?: string; workDir?: string }): PromtoolRun[] {
  const work = opts.workDir ?? mkdtempSync(join(tmpdir(), 'cdk8s-stack-rules-'));
  const { files, check } = checkRules(opts.distDir, work);
  if (!check) return [{ ok: false, command: 'extract', output: `no PrometheusRule found under ${opts.distDir}` }];
  const runs = [check];

  const environment = opts.environment ?? 'dev';
  const rulesDir = join(work, 'rules');
  mkdirSync(rulesDir, { recursive: true });
  for (const f of files.filter((f) => basename(join(f, '..')) === environment)) copyFileSync(f, join(rulesDir, basename(f)));
  const tests = existsSync(opts.testsDir) ? readdirSync(opts.testsDir).filter((f) => f.endsWith('.test.yaml')).sort() : [];
  for (const test of tests) {
    copyFileSync(join(opts.testsDir, test), join(work, test));
    runs.push(run(['test', 'rules', test], work));
  }
  return runs;
}
