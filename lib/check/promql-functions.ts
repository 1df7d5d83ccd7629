/**
 * The value types of PromQL and the signatures of its functions and
 * aggregations, as Prometheus' parser/functions.go declares them.
 */

export type ValueType = 'scalar' | 'instant vector' | 'range vector' | 'string';

export const S: ValueType = 'scalar';
export const V: ValueType = 'instant vector';
export const M: ValueType = 'range vector';
export const STR: ValueType = 'string';

export interface Signature {
  readonly args: readonly ValueType[];
  /** 0: exactly args; n > 0: the last arg optional and repeatable up to n times; -1: the last arg optional and repeatable. */
  readonly variadic: number;
  readonly returns: ValueType;
}

const fn = (args: readonly ValueType[], variadic = 0, returns: ValueType = V): Signature => ({ args, variadic, returns });

/** Prometheus' parser/functions.go, keyed by the lezer node name of the function identifier. */
export const FUNCTIONS: Readonly<Record<string, Signature>> = {
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
export const AGGREGATION_PARAM: Readonly<Record<string, ValueType>> = { Topk: S, Bottomk: S, Quantile: S, LimitK: S, LimitRatio: S, CountValues: STR };
