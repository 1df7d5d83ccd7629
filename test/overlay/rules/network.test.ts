import { describe, expect, it } from 'vitest';
import { egressExceptions } from '../../../lib/overlay/rules/network';
import { problemsOf } from '../stack';

describe('egressExceptions', () => {
  it('accepts exceptions inside the rule\'s network', () => {
    expect(problemsOf(egressExceptions, 'web', { egress: [{ cidr: '10.0.0.0/8', ports: [443], except: ['10.1.0.0/16'] }] })).toStrictEqual([]);
  });

  it('rejects an exception outside it', () => {
    expect(problemsOf(egressExceptions, 'web', { egress: [{ cidr: '10.0.0.0/8', ports: [443], except: ['10.1.0.0/16', '192.168.0.0/16'] }] })).toStrictEqual([
      'services.web.egress[0].except[1]: 192.168.0.0/16 is not inside 10.0.0.0/8: `except` may only carve networks out of `cidr`',
    ]);
  });
});
