/**
 * The policy gate's public API, for the CLI (scripts/check.ts), `synth --check`
 * (scripts/synth-gate.ts: check what a synth rendered before writing it) and the bench.
 *
 *   const manifests = parseManifests(yamlText, 'dist/prod/api-deployment.yaml');
 *   const report = checkManifests(manifests);
 *   if (!report.passed) console.error(render(report, 'text'));
 */
export type { Check, CheckInfo } from './check';
export { ALL_CHECKS, checkInfo, isKnownCheckId, policyChecks, PRODUCTION_CHECKS } from './checks/index';
export { checkManifests, type CheckOptions, type Finding, type Report, type Summary } from './engine';
export { formatPath } from '../shared/key-path';
export { expandPaths, InputError, loadPaths, manifestsFromObjects, parseManifests, toYamlText, type LoadResult } from './load';
export { objectId } from './objects';
export { FORMATS, isFormat, render, type Format } from './report/index';
export { measureCheck, syntheticFiles } from './synthetic';
export type { KeyPath, Manifest, Severity, Violation } from './types';
export { WAIVER_PREFIX } from './waivers';
