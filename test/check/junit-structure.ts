/**
 * A strict structural check of JUnit XML against what GitLab and Jenkins read (the
 * Jenkins junit plugin's junit-10.xsd / the Ant JUnit format): there is no XSD
 * validator for Node without native dependencies, so this walks the parsed
 * document and refuses any element or attribute those schemas do not allow, any
 * missing required attribute, and counts that disagree with the test cases.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

type Node = Record<string, unknown>;

const ALLOWED: Readonly<Record<string, { attributes: readonly string[]; required: readonly string[]; children: readonly string[] }>> = {
  testsuites: { attributes: ['name', 'tests', 'failures', 'errors', 'skipped', 'disabled', 'time'], required: [], children: ['testsuite'] },
  testsuite: {
    attributes: ['name', 'tests', 'failures', 'errors', 'skipped', 'disabled', 'time', 'id', 'package', 'hostname', 'timestamp', 'file'],
    required: ['name', 'tests'],
    children: ['properties', 'testcase', 'system-out', 'system-err'],
  },
  testcase: { attributes: ['name', 'classname', 'time', 'assertions', 'status', 'file', 'line'], required: ['name', 'classname'], children: ['properties', 'skipped', 'error', 'failure', 'system-out', 'system-err'] },
  properties: { attributes: [], required: [], children: ['property'] },
  property: { attributes: ['name', 'value'], required: ['name', 'value'], children: [] },
  failure: { attributes: ['message', 'type'], required: [], children: [] },
  error: { attributes: ['message', 'type'], required: [], children: [] },
  skipped: { attributes: ['message'], required: [], children: [] },
  'system-out': { attributes: [], required: [], children: [] },
  'system-err': { attributes: [], required: [], children: [] },
};
const COUNTS = ['tests', 'failures', 'errors', 'skipped'];

/** Problems found (empty when the document is valid). */
export function junitProblems(xml: string): string[] {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) return [`not well-formed: ${JSON.stringify(wellFormed.err)}`];
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: true, parseTagValue: false }).parse(xml) as Node[];
  const roots = parsed.filter((node) => !('?xml' in node));
  if (roots.length !== 1 || !('testsuites' in roots[0]!)) return ['the root element must be one <testsuites>'];
  const problems: string[] = [];
  visit(roots[0]!, 'testsuites', problems);
  return problems;
}

function nameOf(node: Node): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text');
}

function visit(node: Node, name: string, problems: string[]): { tests: number; failures: number; errors: number; skipped: number } {
  const rule = ALLOWED[name];
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  if (!rule) {
    problems.push(`element <${name}> is not allowed`);
    return totals;
  }
  const attributes = (node[':@'] ?? {}) as Record<string, string>;
  for (const attribute of Object.keys(attributes).map((a) => a.slice(1))) {
    if (!rule.attributes.includes(attribute)) problems.push(`<${name}> has attribute ${attribute}, which the schema does not allow`);
  }
  for (const attribute of rule.required) if (!(`@${attribute}` in attributes)) problems.push(`<${name}> lacks the required attribute ${attribute}`);
  for (const count of COUNTS) {
    const value = attributes[`@${count}`];
    if (value !== undefined && !/^\d+$/.test(value)) problems.push(`<${name}> ${count}="${value}" is not a whole number`);
  }
  const children = (node[name] ?? []) as Node[];
  for (const child of children) {
    const childName = nameOf(child);
    if (childName === undefined) {
      const text = String(child['#text'] ?? '').trim();
      if (text !== '' && rule.children.length > 0) problems.push(`<${name}> has text content where only elements are allowed`);
      continue;
    }
    if (!rule.children.includes(childName)) {
      problems.push(`<${childName}> is not allowed inside <${name}>`);
      continue;
    }
    const sub = visit(child, childName, problems);
    if (name === 'testsuites' || name === 'testsuite') for (const count of COUNTS) totals[count as keyof typeof totals] += sub[count as keyof typeof sub];
    if (childName === 'failure') totals.failures = 1;
    if (childName === 'error') totals.errors = 1;
    if (childName === 'skipped') totals.skipped = 1;
  }
  if (name === 'testcase') totals.tests = 1;
  if (name === 'testsuite' || name === 'testsuites') {
    for (const count of COUNTS) {
      const declared = attributes[`@${count}`];
      if (declared !== undefined && Number(declared) !== totals[count as keyof typeof totals]) {
        problems.push(`<${name} name="${attributes['@name'] ?? ''}"> says ${count}="${declared}" but holds ${totals[count as keyof typeof totals]}`);
      }
    }
  }
  return totals;
}
