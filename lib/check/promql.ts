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

/** lezer's SyntaxNode, without importing @lezer/common (not a direct dependency). */
type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

type ValueType = 'scalar' | 'instant vector' | 'range vector' | 'string';

const S: ValueType = 'scalar';
const V: ValueType = 'instant vector';
const M: ValueType = 'range vector';
const STR: ValueType = 'string';

interface Signature {
  readonly args: readonly ValueType[];
  /** 0: exactly args; n > 0: the last arg optional and repeatable up to n times; -1: the last arg optional and repeatable. */
  readonly variadic: number;
  readonly returns: ValueType;
}

const fn = (args: readonly ValueType[], variadic = 0, returns: ValueType = V): Signature => ({ args, variadic, returns });

/** Prometheus' parser/functions.go, keyed by the lezer node name of the function identifier. */
const FUNCTIONS: Readonly<Record<string, Signature>> = {
  ...Object.fromEntries(
    'Abs Absent Acos Acosh Asin Asinh Atan Atanh Ceil Cos Cosh Deg Exp Floor HistogramCount HistogramStdDev HistogramStdVar HistogramSum HistogramAvg Ln Log10 Log2 Rad Sgn Sin Sinh Sort SortDesc Sqrt Tan Tanh Timestamp'
      .split(' ')
      .map((name) => [name, fn([V])]),
  ),
  ...Object.fromEntries(
    'AbsentOverTime AvgOverTime Changes CountOverTime Delta Deriv FirstOverTime Idelta Increase Irate LastOverTime MadOverTime MaxOverTime MinOverTime TsOfFirstOverTime TsOfMaxOverTime TsOfMinOverTime TsOfLastOverTime PresentOverTime Rate Resets StddevOverTime StdvarOverTime SumOverTime'
      .split(' ')
      .map((name) => [name, fn([M])]),
  ),
  ...Object.fromEntries('DaysInMonth DayOfMonth DayOfWeek DayOfYear Hour Minute Month Year'.split(' ').map((name) => [name, fn([V], 1)])),
  Clamp: fn([V, S, S]),
  ClampMax: fn([V, S]),
  ClampMin: fn([V, S]),
  HistogramFraction: fn([S, S, V]),
  HistogramQuantile: fn([S, V]),
  DoubleExponentialSmoothing: fn([M, S, S]),
  PredictLinear: fn([M, S]),
  QuantileOverTime: fn([S, M]),
  Round: fn([V, S], 1),
  Scalar: fn([V], 0, S),
  Time: fn([], 0, S),
  Pi: fn([], 0, S),
  Vector: fn([S]),
  LabelReplace: fn([V, STR, STR, STR, STR]),
  LabelJoin: fn([V, STR, STR, STR], -1),
  SortByLabel: fn([V, STR], -1),
  SortByLabelDesc: fn([V, STR], -1),
  Info: fn([V, V], 1),
};

/** Aggregations with a parameter before the vector. */
const AGGREGATION_PARAM: Readonly<Record<string, ValueType>> = { Topk: S, Bottomk: S, Quantile: S, LimitK: S, LimitRatio: S, CountValues: STR };

const COMPARISONS = new Set(['Eql', 'Neq', 'Gtr', 'Lss', 'Gte', 'Lte']);
const SET_OPERATORS = new Set(['And', 'Or', 'Unless']);
/** Nodes inside an expression that are not operands. */
const NOT_OPERANDS = new Set(['BoolModifier', 'MatchingModifierClause', 'FillModifier', 'LineComment']);

export interface PromqlProblem {
  readonly offset: number;
  readonly message: string;
}

class Invalid extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name !== 'LineComment') out.push(child);
  }
  return out;
}

/** The first semantic problem of an expression that parses, or undefined. */
export function promqlSemanticProblem(expr: string): PromqlProblem | undefined {
  const top = parser.parse(expr).topNode;
  const text = (node: SyntaxNode) => expr.slice(node.from, node.to);
  const fail = (node: SyntaxNode, message: string): never => {
    throw new Invalid(node.from, message);
  };
  const expect = (node: SyntaxNode, want: ValueType, context: string) => {
    const got = typeOf(node);
    if (got !== want) fail(node, `expected type ${want} in ${context}, got ${got}`);
  };

  function typeOf(node: SyntaxNode): ValueType {
    switch (node.name) {
      case 'NumberDurationLiteral':
        return S;
      case 'StringLiteral':
        unquote(node);
        return STR;
      case 'VectorSelector':
        vectorSelector(node);
        return V;
      case 'MatrixSelector':
        vectorSelector(node.getChild('VectorSelector') ?? fail(node, 'range vector without a selector'));
        return M;
      case 'ParenExpr':
      case 'OffsetExpr':
      case 'StepInvariantExpr':
      case 'AnchoredExpr':
      case 'SmoothedExpr':
        return typeOf(operands(node)[0] ?? fail(node, `empty ${node.name}`));
      case 'SubqueryExpr': {
        const inner = operands(node)[0] ?? fail(node, 'empty subquery');
        const type = typeOf(inner);
        if (type !== V) fail(inner, `subquery is only allowed on an instant vector, got ${type}`);
        return M;
      }
      case 'UnaryExpr': {
        const inner = operands(node)[0] ?? fail(node, 'empty unary expression');
        const type = typeOf(inner);
        if (type !== S && type !== V) fail(inner, `unary expression only allowed on expressions of type scalar or instant vector, got ${type}`);
        return type;
      }
      case 'BinaryExpr':
        return binary(node);
      case 'FunctionCall':
        return call(node);
      case 'AggregateExpr':
        return aggregate(node);
      default:
        // A node this checker does not know (a newer grammar): do not guess.
        return V;
    }
  }

  /** The expression children (not operators, modifiers, durations). */
  function operands(node: SyntaxNode): SyntaxNode[] {
    return children(node).filter((child) => EXPRESSIONS.has(child.name));
  }

  function binary(node: SyntaxNode): ValueType {
    const parts = children(node);
    const [left, right] = parts.filter((child) => EXPRESSIONS.has(child.name));
    const op = parts.find((child) => !EXPRESSIONS.has(child.name) && !NOT_OPERANDS.has(child.name));
    if (!left || !right || !op) return V;
    const lt = typeOf(left);
    const rt = typeOf(right);
    for (const [side, type] of [[left, lt], [right, rt]] as const) {
      if (type !== S && type !== V) fail(side, `binary expression must contain only scalar and instant vector types, got ${type} ${text(side)}`);
    }
    const hasBool = parts.some((child) => child.name === 'BoolModifier');
    const matching = parts.find((child) => child.name === 'MatchingModifierClause');
    if (hasBool && !COMPARISONS.has(op.name)) fail(op, 'bool modifier can only be used on comparison operators');
    if (COMPARISONS.has(op.name) && !hasBool && lt === S && rt === S) fail(op, 'comparisons between scalars must use the bool modifier');
    if (SET_OPERATORS.has(op.name) && (lt === S || rt === S)) fail(op, `set operator ${show(text(op))} not allowed in binary scalar expression`);
    if (matching && (lt === S || rt === S)) fail(matching, 'vector matching only allowed between instant vectors');
    return lt === S && rt === S ? S : V;
  }

  function argsOf(node: SyntaxNode): SyntaxNode[] {
    const body = node.getChild('FunctionCallBody');
    return body ? operands(body) : [];
  }

  function call(node: SyntaxNode): ValueType {
    const identifier = node.getChild('FunctionIdentifier');
    const name = identifier?.firstChild?.name;
    const signature = name === undefined ? undefined : FUNCTIONS[name];
    const args = argsOf(node);
    if (!identifier || !signature) {
      args.forEach(typeOf);
      return V;
    }
    const fname = show(text(identifier));
    const count = signature.args.length;
    if (signature.variadic === 0) {
      if (args.length !== count) fail(node, `expected ${count} argument(s) in call to ${fname}, got ${args.length}`);
    } else {
      const min = count - 1;
      if (args.length < min) fail(node, `expected at least ${min} argument(s) in call to ${fname}, got ${args.length}`);
      if (signature.variadic > 0 && args.length > min + signature.variadic) fail(node, `expected at most ${min + signature.variadic} argument(s) in call to ${fname}, got ${args.length}`);
    }
    args.forEach((arg, index) => {
      const want = signature.args[Math.min(index, count - 1)];
      if (want !== undefined) expect(arg, want, `call to function ${fname}`);
    });
    return signature.returns;
  }

  function aggregate(node: SyntaxNode): ValueType {
    const op = node.getChild('AggregateOp');
    const name = op?.firstChild?.name ?? '';
    const args = argsOf(node);
    const param = AGGREGATION_PARAM[name];
    const opName = show(op ? text(op) : 'aggregation');
    const want = param === undefined ? 1 : 2;
    if (args.length !== want) fail(node, `wrong number of arguments for aggregate expression ${opName}: expected ${want}, got ${args.length}`);
    if (param !== undefined) expect(args[0]!, param, `aggregation parameter of ${opName}`);
    expect(args[want - 1]!, V, `aggregation expression ${opName}`);
    return V;
  }

  function vectorSelector(node: SyntaxNode): void {
    const metric = node.getChild('Identifier');
    const names: string[] = metric ? [text(metric)] : [];
    let nonEmpty = metric !== null;
    const matchers = node.getChild('LabelMatchers');
    for (const child of matchers ? children(matchers) : []) {
      if (child.name === 'QuotedLabelName') {
        // `{"metric.name"}`: a metric name given as a string.
        const quoted = child.getChild('StringLiteral');
        const name = quoted ? unquote(quoted) : '';
        names.push(name);
        if (name !== '') nonEmpty = true;
        continue;
      }
      if (child.name !== 'UnquotedLabelMatcher' && child.name !== 'QuotedLabelMatcher') continue;
      const labelNode = child.getChild('LabelName') ?? child.getChild('QuotedLabelName')?.getChild('StringLiteral');
      const label = labelNode ? (labelNode.name === 'StringLiteral' ? unquote(labelNode) : text(labelNode)) : '';
      const op = child.getChild('MatchOp')?.firstChild?.name;
      const valueNode = child.getChildren('StringLiteral').at(-1);
      if (!valueNode || valueNode === labelNode) continue;
      const value = unquote(valueNode);
      let matchesEmpty: boolean;
      if (op === 'EqlRegex' || op === 'NeqRegex') {
        const error = re2Error(value);
        if (error) throw new Invalid(valueNode.from, `invalid regular expression ${show(value)} for label ${label}: ${error}`);
        const anchored = new RegExp(`^(?:${translateRe2(value)})$`, 's').test('');
        matchesEmpty = op === 'EqlRegex' ? anchored : !anchored;
      } else {
        matchesEmpty = op === 'EqlSingle' ? value === '' : value !== '';
      }
      if (!matchesEmpty) nonEmpty = true;
      if (label === '__name__' && op === 'EqlSingle') names.push(value);
    }
    if (names.length > 1) fail(node, `metric name must not be set twice: ${names.map(show).join(' and ')}`);
    if (!nonEmpty) fail(node, `vector selector ${show(text(node))} must contain a metric name or at least one matcher that does not match the empty string`);
  }

  function unquote(node: SyntaxNode): string {
    const value = unquoteString(text(node));
    if (typeof value !== 'string') throw new Invalid(node.from + value.at, value.error);
    return value;
  }

  try {
    const expression = operands(top)[0];
    if (!expression) return undefined;
    const type = typeOf(expression);
    if (type !== S && type !== V) return { offset: expression.from, message: `a rule expression must evaluate to a scalar or an instant vector, got ${type}` };
    return undefined;
  } catch (error) {
    if (error instanceof Invalid) return { offset: error.offset, message: error.message };
    throw error;
  }
}

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

function show(value: string): string {
  return JSON.stringify(value);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** A PromQL string literal's value, as Prometheus' lexer reads it (Go escapes; backticks are raw). */
export function unquoteString(literal: string): string | { error: string; at: number } {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[i + 1];
    const at = i + 1;
    if (e === undefined) return { error: 'escape sequence not terminated', at };
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
      i++;
    } else if (e === quote) {
      out += e;
      i++;
    } else if (/[0-7]/.test(e)) {
      const digits = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(digits) || parseInt(digits, 8) > 255) return { error: `invalid octal escape \\${digits}`, at };
      out += String.fromCharCode(parseInt(digits, 8));
      i += 3;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const digits = body.slice(i + 2, i + 2 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(digits)) return { error: `invalid escape sequence \\${e}${digits}`, at };
      const code = parseInt(digits, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) return { error: `invalid Unicode code point \\${e}${digits}`, at };
      out += String.fromCodePoint(code);
      i += 1 + len;
    } else {
      return { error: `unknown escape sequence \\${e} in a string (write \\\\${e} for a regex escape)`, at };
    }
  }
  return out;
}

/**
 * Why RE2 (Go's regexp) would reject a pattern that JS RegExp may accept, or
 * why neither accepts it; undefined when it compiles. An approximation: RE2
 * has no lookaround or backreferences and caps repetition at 1000; it has
 * inline flags, `(?P<name>...)` and POSIX classes that JS lacks.
 */
export function re2Error(pattern: string): string | undefined {
  if (/\(\?<?[=!]/.test(pattern)) return 'lookaround assertions ((?=, (?!, (?<=, (?<!) are not supported by RE2';
  if (/(^|[^\\])(\\\\)*\\[1-9]/.test(pattern)) return 'backreferences (\\1...) are not supported by RE2';
  for (const match of pattern.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    if (Number(match[1]) > 1000 || Number(match[2] || 0) > 1000) return `invalid repeat count ${match[0]} (RE2 allows at most 1000)`;
  }
  try {
    new RegExp(translateRe2(pattern), 's');
    return undefined;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).replace(/^Invalid regular expression: \/.*\/\w*: /, '');
  }
}

/** RE2 syntax JS lacks, rewritten to something JS compiles with the same validity. */
function translateRe2(pattern: string): string {
  return pattern
    .replace(/\(\?[imsU-]+\)/g, '') // inline flags (?i)
    .replace(/\(\?[imsU-]+:/g, '(?:') // flag groups (?i:...)
    .replace(/\(\?P</g, '(?<') // named groups (?P<name>...)
    .replace(/\[:\^?[a-z]+:\]/g, 'a') // POSIX classes [[:alpha:]]
    .replace(/\\[pP](\{[^}]*\}|[A-Za-z])/g, 'a') // Unicode classes \pL, \p{Greek}
    .replace(/\\[Qz]|\\E|\\A/g, ''); // \A, \z, \Q...\E
}
