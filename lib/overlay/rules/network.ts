/** Egress rules the schema cannot judge alone. */
import { cidrContains } from '../../model/formats';
import type { SchemaProblem, ServiceContext } from './rule';

export function egressExceptions({ service, at }: ServiceContext): SchemaProblem[] {
  return (service.egress ?? []).flatMap((rule, i) =>
    (rule.except ?? []).flatMap((except, j) =>
      cidrContains(rule.cidr, except)
        ? []
        : [{ path: at('egress', i, 'except', j), message: `${except} is not inside ${rule.cidr}: \`except\` may only carve networks out of \`cidr\`` }],
    ),
  );
}
