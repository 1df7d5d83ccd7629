/**
 * The speed budget: 10,000 objects read and checked in ≤ 2 s on this 2-core machine.
 * The stack is generated (lib/check/synthetic.ts) as YAML text first; the clock
 * covers what `npm run check` does with it: parse, schema, every policy check.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests } from '../../lib/check/engine';
import { parseSyntheticFiles, syntheticFiles } from '../../lib/check/synthetic';

describe('speed', () => {
  it('GIVEN 10,000 realistic objects WHEN parsed and checked THEN it takes at most 2 s and finds nothing in the compliant stack', () => {
    const files = syntheticFiles(10_000);
    parseSyntheticFiles(files.slice(0, 20)); // load modules; the budget is for the work, not for imports

    const started = performance.now();
    const manifests = parseSyntheticFiles(files);
    const report = checkManifests(manifests);
    const elapsed = performance.now() - started;

    expect(manifests.length).toBeGreaterThanOrEqual(10_000);
    expect(report.findings.slice(0, 5)).toEqual([]);
    console.log(`speed: ${manifests.length} objects parsed and checked in ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThanOrEqual(2000);
  });
});
