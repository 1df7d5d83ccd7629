/**
 * String/number formats Kubernetes schemas use, registered on ajv so that a
 * bad value fails with one precise error instead of passing unchecked.
 */
import type { Ajv } from 'ajv';

const NUMBER = String.raw`(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)`;

/**
 * apimachinery's quantity grammar (resource.Quantity), the same expression the
 * CRD generators emit: signed decimal number, then a binary-SI suffix (Ki..Ei),
 * a decimal-SI suffix (n, u, m, k, M..E) or a decimal exponent (e3, E-2).
 * `500m`, `1Gi`, `0.5`, `2`, `1e3` pass; `1.5cores`, `1gb`, `100MB` fail.
 */
export const QUANTITY_PATTERN = new RegExp(String.raw`^[+-]?${NUMBER}(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?${NUMBER})?$`);

/** The quantity regex as CRD generators (controller-gen) write it into `pattern`. */
export const CRD_QUANTITY_PATTERN = String.raw`^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$`;

/** RFC 3339 timestamp, as metav1.Time serialises. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Standard base64; Go's decoder skips CR/LF, so wrapped lines are fine. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The formats the gate checks (anything else in a schema is documentation), in plain words for messages. */
export const FORMAT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  quantity: 'a Kubernetes quantity (e.g. 500m, 0.5, 2, 1Gi, 512Mi)',
  'date-time': 'an RFC 3339 timestamp (e.g. 2024-01-31T12:00:00Z)',
  byte: 'base64-encoded data',
  int32: 'a 32-bit integer',
  int64: 'a 64-bit integer',
};

export function addKubernetesFormats(ajv: Ajv): void {
  // Quantity schemas are `type: [string, number]`; ajv applies string formats to strings only,
  // and any finite JSON number is a valid quantity.
  ajv.addFormat('quantity', { type: 'string', validate: (s: string) => QUANTITY_PATTERN.test(s) });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => DATE_TIME.test(s) });
  ajv.addFormat('byte', { type: 'string', validate: (s: string) => BASE64.test(s.replace(/[\r\n]/g, '')) });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
}
