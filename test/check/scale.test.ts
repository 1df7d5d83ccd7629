/**
 * The gate at scale: 10,000 realistic, compliant objects (lib/check/synthetic.ts) are read
 * and checked without a single false finding. How long that takes is measured by
 * `npm run bench` (target ≤ 2 s), not asserted here: timed tests fail on a busy machine.
 */
import { describe, expect, it } from 'vitest';
import { measureCheck } from '../../lib/check/synthetic';

describe('scale', () => {
  it('GIVEN 10,000 compliant objects WHEN parsed and checked THEN every object is read and nothing is reported', () => {
    const run = measureCheck(10_000);
    expect(run.objects).toBeGreaterThanOrEqual(10_000);
    expect(run.findings).toBe(0);
  });
});
