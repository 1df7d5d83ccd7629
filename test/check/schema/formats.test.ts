/** Kubernetes quantity grammar. */
import { describe, expect, it } from 'vitest';
import { CRD_QUANTITY_PATTERN, QUANTITY_PATTERN } from '../../../lib/check/schema/formats';

const VALID = ['0', '2', '0.5', '.5', '5.', '500m', '250u', '10n', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '512Mi', '1Gi', '2Ti', '1Pi', '1Ei', '1e3', '1E-2', '+1', '-1', '1.5e+2'];
const INVALID = ['1.5cores', '1gb', '1GB', '100MB', '1mi', '1 Gi', '', 'Gi', '1.2.3', '1e', 'one', '0x10', '1KiB'];

describe('quantities', () => {
  it.each(VALID)('accepts %j', (q) => {
    expect(QUANTITY_PATTERN.test(q)).toBe(true);
  });

  it.each(INVALID)('rejects %j', (q) => {
    expect(QUANTITY_PATTERN.test(q)).toBe(false);
  });

  it('agrees with the pattern CRD generators emit', () => {
    const crd = new RegExp(CRD_QUANTITY_PATTERN);
    for (const q of [...VALID, ...INVALID]) expect(crd.test(q)).toBe(QUANTITY_PATTERN.test(q));
  });
});
