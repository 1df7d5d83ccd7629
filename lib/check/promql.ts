/**
 * The semantic half of PromQL validation, on top of the lezer parse tree: what
 * the Prometheus parser's checkAST rejects although the grammar accepts it
 * (promtool check rules fails on these too).
 *
 * - argument types of functions and aggregations (`rate(foo)`: rate needs a
 *   range vector), argument counts;
 * - binary operators only between scalars and instant vectors (`up == "1"`),
 *   bool only on comparisons, comparisons between scalars need bool, set
 *   operators and vector matching only between instant vectors;
 * - unary minus only on scalars and instant vectors; subqueries only on instant vectors;
 * - string literals with valid escapes (Prometheus' lexer: `\d` is an error);
 * - label regexes that compile (RE2; approximated with JS RegExp after
 *   rejecting what RE2 lacks and translating what JS lacks);
 * - a vector selector with a metric name or at least one matcher that does not
 *   match the empty string (`{job=""}`), and at most one metric name;
 * - a rule expression that evaluates to a scalar or an instant vector.
 */
import { parser } from '@prometheus-io/lezer-promql';
import { AGGREGATION_PARAM, FUNCTIONS, M, S, STR, V, type Signature, type ValueType } from './promql-functions';
import { re2Error, re2MatchesEmpty } from './promql-regex';
import { unquoteString } from './promql-string';

/** lezer's SyntaxNode, without importing @lezer/common (not a direct dependency). */
type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

const COMPARISONS = new Set(['Eql', 'Neq', 'Gtr', 'Lss', 'Gte', 'Lte']);
const SET_OPERATORS = new Set(['And', 'Or', 'Unless']);
/** Nodes inside an expression that are not operands. */
const NOT_OPERANDS = new Set(['BoolModifier', 'MatchingModifierClause', 'FillModifier', 'LineComment']);
const EXPRESSIONS = new Set([
  'AggregateExpr',
  'BinaryExpr',
  'FunctionCall',
  'MatrixSelector',
  'NumberDurationLiteral',
  'StringLiteral',
  'OffsetExpr',
  'ParenExpr',
  'SubqueryExpr',
  'UnaryExpr',
  'VectorSelector',
  'StepInvariantExpr',
  'AnchoredExpr',
  'SmoothedExpr',
]);

export interface PromqlProblem {
  readonly offset: number;
  readonly message: string;
}

class Invalid extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

/** What one label matcher of a vector selector contributes. */
interface SelectorPart {
  /** A metric name it sets (`__name__="x"`, or `{"x"}`). */
  readonly metricName?: string;
  /** It does not match the empty string, so the selector does not select every series. */
  readonly selects: boolean;
}

/** How each kind of expression node is typed (and checked); a node not listed is typed as an instant vector. */
const TYPE_RULES = new Map<string, (checker: TypeChecker, node: SyntaxNode) => ValueType>([
  ['NumberDurationLiteral', () => S],
  ['StringLiteral', (checker, node) => {
    checker.unquote(node);
    return STR;
  }],
  ['VectorSelector', (checker, node) => {
    checker.vectorSelector(node);
    return V;
  }],
  ['MatrixSelector', (checker, node) => checker.matrixSelector(node)],
  ['ParenExpr', (checker, node) => checker.wrapped(node)],
  ['OffsetExpr', (checker, node) => checker.wrapped(node)],
  ['StepInvariantExpr', (checker, node) => checker.wrapped(node)],
  ['AnchoredExpr', (checker, node) => checker.wrapped(node)],
  ['SmoothedExpr', (checker, node) => checker.wrapped(node)],
  ['SubqueryExpr', (checker, node) => checker.subquery(node)],
  ['UnaryExpr', (checker, node) => checker.unary(node)],
  ['BinaryExpr', (checker, node) => checker.binary(node)],
  ['FunctionCall', (checker, node) => checker.call(node)],
  ['AggregateExpr', (checker, node) => checker.aggregate(node)],
]);

/** The first semantic problem of an expression that parses, or undefined. */
export function promqlSemanticProblem(expr: string): PromqlProblem | undefined {
  const checker = new TypeChecker(expr);
  try {
    const expression = checker.operands(parser.parse(expr).topNode)[0];
    if (!expression) return undefined;
    const type = checker.typeOf(expression);
    if (type !== S && type !== V) return { offset: expression.from, message: `a rule expression must evaluate to a scalar or an instant vector, got ${type}` };
    return undefined;
  } catch (error) {
    if (error instanceof Invalid) return { offset: error.offset, message: error.message };
    throw error;
  }
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name !== 'LineComment') out.push(child);
  }
  return out;
}

function show(value: string): string {
  return JSON.stringify(value);
}

/** Types the nodes of one expression; throws Invalid at the first problem. */
class TypeChecker {
  constructor(private readonly expr: string) {}

  typeOf(node: SyntaxNode): ValueType {
    const rule = TYPE_RULES.get(node.name);
    // A node this checker does not know (a newer grammar): do not guess.
    return rule ? rule(this, node) : V;
  }

  /** The expression children (not operators, modifiers, durations). */
  operands(node: SyntaxNode): SyntaxNode[] {
    return children(node).filter((child) => EXPRESSIONS.has(child.name));
  }

  /** Parentheses, offset, @, anchored, smoothed: the type of the inner expression. */
  wrapped(node: SyntaxNode): ValueType {
    return this.typeOf(this.operands(node)[0] ?? this.fail(node, `empty ${node.name}`));
  }

  matrixSelector(node: SyntaxNode): ValueType {
    this.vectorSelector(node.getChild('VectorSelector') ?? this.fail(node, 'range vector without a selector'));
    return M;
  }

  subquery(node: SyntaxNode): ValueType {
    const inner = this.operands(node)[0] ?? this.fail(node, 'empty subquery');
    const type = this.typeOf(inner);
    if (type !== V) this.fail(inner, `subquery is only allowed on an instant vector, got ${type}`);
    return M;
  }

  unary(node: SyntaxNode): ValueType {
    const inner = this.operands(node)[0] ?? this.fail(node, 'empty unary expression');
    const type = this.typeOf(inner);
    if (type !== S && type !== V) this.fail(inner, `unary expression only allowed on expressions of type scalar or instant vector, got ${type}`);
    return type;
  }

  binary(node: SyntaxNode): ValueType {
    const parts = children(node);
    const [left, right] = parts.filter((child) => EXPRESSIONS.has(child.name));
    const op = parts.find((child) => !EXPRESSIONS.has(child.name) && !NOT_OPERANDS.has(child.name));
    if (!left || !right || !op) return V;
    const lt = this.typeOf(left);
    const rt = this.typeOf(right);
    for (const [side, type] of [[left, lt], [right, rt]] as const) {
      if (type !== S && type !== V) this.fail(side, `binary expression must contain only scalar and instant vector types, got ${type} ${this.text(side)}`);
    }
    this.checkOperator(parts, op, lt === S || rt === S, lt === S && rt === S);
    return lt === S && rt === S ? S : V;
  }

  /** bool only on comparisons and required between scalars; set operators and vector matching only between vectors. */
  private checkOperator(parts: readonly SyntaxNode[], op: SyntaxNode, anyScalar: boolean, bothScalar: boolean): void {
    const hasBool = parts.some((child) => child.name === 'BoolModifier');
    const matching = parts.find((child) => child.name === 'MatchingModifierClause');
    const comparison = COMPARISONS.has(op.name);
    if (hasBool && !comparison) this.fail(op, 'bool modifier can only be used on comparison operators');
    if (comparison && !hasBool && bothScalar) this.fail(op, 'comparisons between scalars must use the bool modifier');
    if (SET_OPERATORS.has(op.name) && anyScalar) this.fail(op, `set operator ${show(this.text(op))} not allowed in binary scalar expression`);
    if (matching && anyScalar) this.fail(matching, 'vector matching only allowed between instant vectors');
  }

  call(node: SyntaxNode): ValueType {
    const identifier = node.getChild('FunctionIdentifier');
    const name = identifier?.firstChild?.name;
    const signature = name === undefined ? undefined : FUNCTIONS[name];
    const args = this.argsOf(node);
    if (!identifier || !signature) {
      args.forEach((arg) => this.typeOf(arg));
      return V;
    }
    const fname = show(this.text(identifier));
    this.checkArity(node, fname, signature, args.length);
    args.forEach((arg, index) => {
      const want = signature.args[Math.min(index, signature.args.length - 1)];
      if (want !== undefined) this.expect(arg, want, `call to function ${fname}`);
    });
    return signature.returns;
  }

  private checkArity(node: SyntaxNode, fname: string, signature: Signature, given: number): void {
    const count = signature.args.length;
    if (signature.variadic === 0) {
      if (given !== count) this.fail(node, `expected ${count} argument(s) in call to ${fname}, got ${given}`);
      return;
    }
    const min = count - 1;
    if (given < min) this.fail(node, `expected at least ${min} argument(s) in call to ${fname}, got ${given}`);
    if (signature.variadic > 0 && given > min + signature.variadic) this.fail(node, `expected at most ${min + signature.variadic} argument(s) in call to ${fname}, got ${given}`);
  }

  aggregate(node: SyntaxNode): ValueType {
    const op = node.getChild('AggregateOp');
    const name = op?.firstChild?.name ?? '';
    const args = this.argsOf(node);
    const param = AGGREGATION_PARAM[name];
    const opName = show(op ? this.text(op) : 'aggregation');
    const want = param === undefined ? 1 : 2;
    if (args.length !== want) this.fail(node, `wrong number of arguments for aggregate expression ${opName}: expected ${want}, got ${args.length}`);
    if (param !== undefined) this.expect(args[0]!, param, `aggregation parameter of ${opName}`);
    this.expect(args[want - 1]!, V, `aggregation expression ${opName}`);
    return V;
  }

  vectorSelector(node: SyntaxNode): void {
    const metric = node.getChild('Identifier');
    const names: string[] = metric ? [this.text(metric)] : [];
    let selects = metric !== null;
    const matchers = node.getChild('LabelMatchers');
    for (const child of matchers ? children(matchers) : []) {
      const part = this.selectorPart(child);
      if (part?.metricName !== undefined) names.push(part.metricName);
      if (part?.selects) selects = true;
    }
    if (names.length > 1) this.fail(node, `metric name must not be set twice: ${names.map(show).join(' and ')}`);
    if (!selects) this.fail(node, `vector selector ${show(this.text(node))} must contain a metric name or at least one matcher that does not match the empty string`);
  }

  /** One child of a selector's braces; undefined for separators and anything that is not a matcher. */
  private selectorPart(child: SyntaxNode): SelectorPart | undefined {
    if (child.name === 'QuotedLabelName') {
      // `{"metric.name"}`: a metric name given as a string.
      const quoted = child.getChild('StringLiteral');
      const name = quoted ? this.unquote(quoted) : '';
      return { metricName: name, selects: name !== '' };
    }
    if (child.name !== 'UnquotedLabelMatcher' && child.name !== 'QuotedLabelMatcher') return undefined;
    return this.labelMatcher(child);
  }

  private labelMatcher(matcher: SyntaxNode): SelectorPart | undefined {
    const labelNode = matcher.getChild('LabelName') ?? matcher.getChild('QuotedLabelName')?.getChild('StringLiteral');
    const label = labelNode ? (labelNode.name === 'StringLiteral' ? this.unquote(labelNode) : this.text(labelNode)) : '';
    const op = matcher.getChild('MatchOp')?.firstChild?.name;
    const valueNode = matcher.getChildren('StringLiteral').at(-1);
    if (!valueNode || valueNode === labelNode) return undefined;
    const value = this.unquote(valueNode);
    const selects = !this.matchesEmpty(op, value, label, valueNode);
    return { metricName: label === '__name__' && op === 'EqlSingle' ? value : undefined, selects };
  }

  /** Whether `label <op> value` matches a series without that label (the empty string). */
  private matchesEmpty(op: string | undefined, value: string, label: string, valueNode: SyntaxNode): boolean {
    if (op !== 'EqlRegex' && op !== 'NeqRegex') return op === 'EqlSingle' ? value === '' : value !== '';
    const error = re2Error(value);
    if (error) throw new Invalid(valueNode.from, `invalid regular expression ${show(value)} for label ${label}: ${error}`);
    return op === 'EqlRegex' ? re2MatchesEmpty(value) : !re2MatchesEmpty(value);
  }

  unquote(node: SyntaxNode): string {
    const value = unquoteString(this.text(node));
    if (typeof value !== 'string') throw new Invalid(node.from + value.at, value.error);
    return value;
  }

  private argsOf(node: SyntaxNode): SyntaxNode[] {
    const body = node.getChild('FunctionCallBody');
    return body ? this.operands(body) : [];
  }

  private expect(node: SyntaxNode, want: ValueType, context: string): void {
    const got = this.typeOf(node);
    if (got !== want) this.fail(node, `expected type ${want} in ${context}, got ${got}`);
  }

  private text(node: SyntaxNode): string {
    return this.expr.slice(node.from, node.to);
  }

  private fail(node: SyntaxNode, message: string): never {
    throw new Invalid(node.from, message);
  }
}
