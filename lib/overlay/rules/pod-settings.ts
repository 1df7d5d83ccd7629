/**
 * Pod settings (`stack.pod`, `services.<name>.pod`): what the schema cannot say about
 * affinity requirements and tolerations (operators that need or forbid values), and priority
 * classes the namespace cannot use.
 */
import { cloudNativePg } from '../../model/cloudnative-pg';
import { OPERATOR_RUN } from './metadata';
import type { PodSettings } from '../../model/escape-hatches-schema';
import { PRIORITY_VALUES } from '../../model/service-facts';
import type { KeyPath } from '../errors';
import type { SchemaProblem, ServiceContext, StackContext } from './rule';

type At = (...rest: (string | number)[]) => KeyPath;
interface Requirement { readonly operator: string; readonly values?: readonly string[] }

/** Kubernetes admits these only in `kube-system` (unless a quota there allows them). */
const SYSTEM_PRIORITY_CLASSES = new Set(['system-cluster-critical', 'system-node-critical']);

function requirementProblem({ operator, values = [] }: Requirement): string | undefined {
  if ((operator === 'In' || operator === 'NotIn') && !values.length) return `\`${operator}\` needs at least one value in \`values\``;
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length) return `\`${operator}\` takes no \`values\`; remove them`;
  if ((operator === 'Gt' || operator === 'Lt') && (values.length !== 1 || !/^-?\d+$/.test(values[0]))) {
    return `\`${operator}\` takes exactly one integer in \`values\``;
  }
  return undefined;
}

function requirementsProblems(requirements: readonly Requirement[] | undefined, at: At): SchemaProblem[] {
  return (requirements ?? []).flatMap((requirement, i) => {
    const message = requirementProblem(requirement);
    return message ? [{ path: at(i, 'operator'), message }] : [];
  });
}

type NodeTerm = { matchExpressions?: Requirement[]; matchFields?: Requirement[] };
type PodTerm = { labelSelector?: { matchExpressions?: Requirement[] }; namespaceSelector?: { matchExpressions?: Requirement[] } };

function nodeTermProblems(term: NodeTerm, at: At): SchemaProblem[] {
  return [
    ...requirementsProblems(term.matchExpressions, (...rest) => at('matchExpressions', ...rest)),
    ...requirementsProblems(term.matchFields, (...rest) => at('matchFields', ...rest)),
  ];
}

function podTermProblems(term: PodTerm, at: At): SchemaProblem[] {
  return [
    ...requirementsProblems(term.labelSelector?.matchExpressions, (...rest) => at('labelSelector', 'matchExpressions', ...rest)),
    ...requirementsProblems(term.namespaceSelector?.matchExpressions, (...rest) => at('namespaceSelector', 'matchExpressions', ...rest)),
  ];
}

const REQUIRED = 'requiredDuringSchedulingIgnoredDuringExecution';
const PREFERRED = 'preferredDuringSchedulingIgnoredDuringExecution';

function affinityProblems(affinity: PodSettings['affinity'], at: At): SchemaProblem[] {
  const node = affinity?.nodeAffinity;
  const problems = [
    ...(node?.[REQUIRED]?.nodeSelectorTerms ?? []).flatMap((term, i) => nodeTermProblems(term, (...rest) => at('nodeAffinity', REQUIRED, 'nodeSelectorTerms', i, ...rest))),
    ...(node?.[PREFERRED] ?? []).flatMap((p, i) => nodeTermProblems(p.preference, (...rest) => at('nodeAffinity', PREFERRED, i, 'preference', ...rest))),
  ];
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const terms = affinity?.[kind];
    problems.push(
      ...(terms?.[REQUIRED] ?? []).flatMap((term, i) => podTermProblems(term, (...rest) => at(kind, REQUIRED, i, ...rest))),
      ...(terms?.[PREFERRED] ?? []).flatMap((p, i) => podTermProblems(p.podAffinityTerm, (...rest) => at(kind, PREFERRED, i, 'podAffinityTerm', ...rest))),
    );
  }
  return problems;
}

function tolerationProblem(toleration: NonNullable<PodSettings['tolerations']>[number]): [key: string, message: string] | undefined {
  const exists = toleration.operator === 'Exists';
  if (exists && toleration.value !== undefined) return ['value', '`operator: Exists` matches any value; remove `value`'];
  if (!toleration.key && !exists) return ['operator', 'a toleration without `key` matches every taint and needs `operator: Exists`'];
  if (toleration.tolerationSeconds !== undefined && toleration.effect !== 'NoExecute') {
    return ['tolerationSeconds', '`tolerationSeconds` applies only to `effect: NoExecute`'];
  }
  return undefined;
}

function settingsProblems(settings: PodSettings | undefined, at: At): SchemaProblem[] {
  if (!settings) return [];
  const tolerations = (settings.tolerations ?? []).flatMap((toleration, i) => {
    const problem = tolerationProblem(toleration);
    return problem ? [{ path: at('tolerations', i, problem[0]), message: problem[1] }] : [];
  });
  return [...affinityProblems(settings.affinity, (...rest) => at('affinity', ...rest)), ...tolerations];
}

export function stackPodSettings({ stack }: StackContext): SchemaProblem[] {
  return settingsProblems(stack.stack.pod, (...rest) => ['stack', 'pod', ...rest]);
}

export function servicePodSettings({ service, at }: ServiceContext): SchemaProblem[] {
  if (service.pod && cloudNativePg(service)) return [{ path: at('pod'), message: OPERATOR_RUN('pod') }];
  const problems = settingsProblems(service.pod, (...rest) => at('pod', ...rest));
  const priorityClass = service.pod?.priorityClass;
  if (priorityClass && SYSTEM_PRIORITY_CLASSES.has(priorityClass)) {
    problems.push({
      path: at('pod', 'priorityClass'),
      message: `\`${priorityClass}\` is for cluster components: the API server admits it only in \`kube-system\`; use one of the stack's tiers (${Object.keys(PRIORITY_VALUES).map((t) => `\`${t}\``).join(', ')}) or a class of your own`,
    });
  }
  return problems;
}
