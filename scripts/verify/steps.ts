/**
 * The steps of `npm run verify`, each over a stack already synthesised into a scratch folder:
 * is the committed output current, does the gate pass, does promtool accept the rules, does
 * amtool accept the Alertmanager configuration. Each returns one verdict line and, on failure,
 * the detail a CI log needs.
 */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffFolder, formatDiff } from '../../lib/diff';
import { checkRules, promtoolPath } from '../../lib/operations/promtool';
import { readTree, type FolderOutput } from '../../lib/render/write';
import { checkOutputs } from '../synth-gate';
import { alertmanagerConfigs, amtoolCheckConfig, amtoolPath } from './alertmanager';

export interface StepResult {
  /** Short name, printed first on the verdict line: `dist`, `gate`, `promtool`, `amtool`. */
  readonly step: string;
  readonly ok: boolean;
  /** One line: what was found. */
  readonly verdict: string;
  /** What to read on failure (the object-level diff, the findings, the tool's output). */
  readonly detail?: string;
}

/** The folders a synth wrote into `rendered`, as the in-memory outputs lib/diff.ts and the gate take. */
export function renderedOutputs(rendered: string): FolderOutput[] {
  return readdirSync(rendered)
    .filter((folder) => statSync(join(rendered, folder)).isDirectory())
    .sort()
    .map((folder) => ({ folder, files: readTree(join(rendered, folder)) }));
}

/** The committed output folder holds exactly what was rendered (the same comparison as `npm run diff`). */
export function freshness(outputs: readonly FolderOutput[], outDir: string, patches: boolean): StepResult {
  const folders = outputs.map(({ folder, files }) => diffFolder(folder, outDir, files));
  const stale = folders.some((f) => f.added.length + f.changed.length + f.removed.length > 0);
  const report = formatDiff({ outDir, folders, stale }, { patches });
  const verdict = report.split('\n').at(-1)!.replace(/^diff: /, '');
  return { step: 'dist', ok: !stale, verdict, detail: stale ? report : undefined };
}

/** The policy gate over the rendered files, named by the paths they have (or will have) under `outDir`. */
export async function gate(outputs: readonly FolderOutput[], outDir: string): Promise<StepResult> {
  const report = await checkOutputs(outDir, outputs);
  const { objects, errors, warnings, waived } = report.summary;
  const verdict = `${report.passed ? 'passed' : 'FAILED'}: ${errors} error(s), ${warnings} warning(s), ${waived} waived in ${objects} objects`;
  if (report.passed && warnings === 0) return { step: 'gate', ok: true, verdict };
  const { render } = await import('../../lib/check');
  return { step: 'gate', ok: report.passed, verdict, detail: render(report, 'text') };
}

const scratch = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** `promtool check rules` on every rendered PrometheusRule; skipped, saying so, without promtool. */
export function promtoolRules(rendered: string): StepResult {
  if (!promtoolPath()) return { step: 'promtool', ok: true, verdict: 'skipped: promtool not found (apt-get install prometheus)' };
  const { files, check } = checkRules(rendered, scratch('cdk8s-stack-verify-rules-'));
  if (!check) return { step: 'promtool', ok: true, verdict: 'no PrometheusRule rendered' };
  const verdict = `check rules ${check.ok ? 'passed' : 'FAILED'} on ${files.length} rule file(s)`;
  return { step: 'promtool', ok: check.ok, verdict, detail: check.ok ? undefined : check.output };
}

/** `amtool check-config` on every rendered Alertmanager configuration; skipped, saying so, without amtool. */
export function amtoolConfigs(rendered: string): StepResult {
  const configs = alertmanagerConfigs(rendered);
  if (configs.length === 0) return { step: 'amtool', ok: true, verdict: 'no Alertmanager config rendered' };
  if (!amtoolPath()) return { step: 'amtool', ok: true, verdict: `skipped: amtool not found (apt-get install prometheus-alertmanager); ${configs.length} config(s) not checked` };
  const runs = configs.map((config) => ({ config, ...amtoolCheckConfig(config, scratch('cdk8s-stack-verify-am-')) }));
  const failed = runs.filter((r) => !r.ok);
  return {
    step: 'amtool',
    ok: failed.length === 0,
    verdict: `check-config ${failed.length ? 'FAILED' : 'passed'} on ${runs.length} config(s)`,
    detail: failed.length ? failed.map((r) => `${r.config.source}:\n${r.output}`).join('\n') : undefined,
  };
}
