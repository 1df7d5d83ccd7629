import { describe, expect, it } from 'vitest';
import { instanceLabelLength, MAX_SERVICE_NAME, reservedServiceName, serviceNameLength } from '../../../lib/overlay/rules/names';
import { format, ruleProblems, stackWith } from '../stack';

describe('instanceLabelLength', () => {
  it('accepts a stack and environment name of 62 characters together', () => {
    const stack = stackWith({}, { name: 'a'.repeat(59) });
    expect(instanceLabelLength({ stack, environment: 'dev' })).toStrictEqual([]);
  });

  it('rejects a longer pair: `<stack>-<environment>` is a label value (at most 63)', () => {
    const stack = stackWith({}, { name: 'a'.repeat(60) });
    expect(format(instanceLabelLength({ stack, environment: 'dev' }))).toStrictEqual([
      `stack.name: with environment \`dev\` the instance label \`${'a'.repeat(60)}-dev\` is 64 characters; stack name and environment name together may have at most 62`,
    ]);
  });
});

describe('serviceNameLength', () => {
  it('accepts a name of the maximum length', () => {
    const name = 'a'.repeat(MAX_SERVICE_NAME);
    expect(ruleProblems(serviceNameLength, stackWith({ [name]: { type: 'worker' } }), name)).toStrictEqual([]);
  });

  it('rejects a longer name: derived object names append suffixes to it', () => {
    const name = 'a'.repeat(MAX_SERVICE_NAME + 1);
    expect(ruleProblems(serviceNameLength, stackWith({ [name]: { type: 'worker' } }), name)).toStrictEqual([
      `services.${name}: service name is 41 characters; at most 40 leave room for the suffixes of derived object names — shorten it`,
    ]);
  });
});

describe('reservedServiceName', () => {
  it('rejects `dns`, whose allow policy the stack always renders', () => {
    expect(ruleProblems(reservedServiceName, stackWith({ dns: { type: 'worker' } }), 'dns')).toStrictEqual([
      'services.dns: `dns` is taken by a generated object (the NetworkPolicy `allow-dns`); choose another service name',
    ]);
  });

  it('accepts other names, also those of JavaScript properties', () => {
    expect(ruleProblems(reservedServiceName, stackWith({ constructor: { type: 'worker' } }), 'constructor')).toStrictEqual([]);
  });
});
