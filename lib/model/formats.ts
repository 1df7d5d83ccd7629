/**
 * String formats used by the overlay schema: how each is checked, and what to tell a
 * user whose value does not match. Registered with ajv in `lib/overlay/validate.ts`.
 */
import { isIP } from 'node:net';
import { CronExpressionParser } from 'cron-parser';
import { timeZoneProblem } from '../shared/time-zone';

export interface FormatRule {
  readonly check: (value: string) => boolean;
  /** Completes "`<value>` is not …". */
  readonly expected: string;
  /** What exactly is wrong with a value that fails `check`, when that can be said more precisely. */
  readonly explain?: (value: string) => string | undefined;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CRON_MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
// registry/repo path, then a tag and/or a digest (docker reference grammar, simplified).
const IMAGE_REF =
  /^(?<repo>[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/;

function isCron(value: string): boolean {
  if (CRON_MACROS.has(value)) return true;
  // Kubernetes CronJobs take exactly five fields; cron-parser would also accept a seconds field.
  if (value.trim().split(/\s+/).length !== 5) return false;
  try {
    CronExpressionParser.parse(value);
    return true;
  } catch {
    return false;
  }
}

const CRON_FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day-of-week', min: 0, max: 7 },
] as const;

/** Which field of a cron schedule is wrong: its count, or a number out of its range. */
function cronProblem(value: string): string | undefined {
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5) return `it has ${fields.length} field(s), a CronJob schedule has 5`;
  for (const [i, field] of fields.entries()) {
    const { name, min, max } = CRON_FIELDS[i];
    const [range, step] = field.split('/');
    if (step !== undefined && Number(step) < 1) return `the ${name} field \`${field}\` steps by ${step}; a step is at least 1`;
    const bad = (range.match(/\d+/g) ?? []).map(Number).find((n) => n < min || n > max);
    if (bad !== undefined) return `the ${name} field \`${field}\` has ${bad}; ${name} runs ${min}–${max}`;
  }
  return undefined;
}

/** Why a string is not an image reference we accept, where it is something the user can fix. */
function imageRefProblem(value: string): string | undefined {
  if (/[A-Z]/.test(value.split(/[:@]/)[0] ?? '')) return `repository names are lowercase: \`${value.replace(/^[^:@]*/, (repo) => repo.toLowerCase())}\``;
  const ref = splitImageRef(value);
  if (ref && !ref.tag && !ref.digest) return 'it has no tag: add one (`:1.4.2`) or a digest (`@sha256:…`)';
  if (ref?.tag === 'latest') return '`latest` moves under you: pin a version tag or a digest';
  return undefined;
}

function isTimeZone(value: string): boolean {
  // A region name (or UTC), spelled as the API server will look it up.
  return timeZoneProblem(value) === undefined && (value.includes('/') || value === 'UTC');
}

function parseCidr(value: string): { address: number; bits: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!match) return undefined;
  const [a, b, c, d, bits] = match.slice(1).map(Number);
  if ([a, b, c, d].some((o) => o > 255) || bits > 32) return undefined;
  return { address: ((a << 24) | (b << 16) | (c << 8) | d) >>> 0, bits };
}

const maskOf = (bits: number) => (bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0);

/** Is `inner` a network strictly inside `outer`? */
export function cidrContains(outer: string, inner: string): boolean {
  const [o, i] = [parseCidr(outer), parseCidr(inner)];
  if (!o || !i || i.bits <= o.bits) return false;
  return (i.address & maskOf(o.bits)) >>> 0 === o.address;
}

function isCidr(value: string): boolean {
  const cidr = parseCidr(value);
  // The address must be the network address: 10.0.0.1/8 is a typo for 10.0.0.0/8 or 10.0.0.1/32.
  return cidr !== undefined && (cidr.address & maskOf(cidr.bits)) >>> 0 === cidr.address;
}

function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && value.split('.').every((part) => DNS_LABEL.test(part));
}

/** A Kubernetes qualified name (label and annotation keys): `[dns-subdomain/]name`. */
function isQualifiedName(value: string): boolean {
  const slash = value.lastIndexOf('/');
  const [prefix, name] = slash < 0 ? [undefined, value] : [value.slice(0, slash), value.slice(slash + 1)];
  return (prefix === undefined || isDnsSubdomain(prefix)) && /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(name);
}

/** An image reference split into repository, tag and digest; `undefined` when it is not one. */
export function splitImageRef(value: string): { repo: string; tag?: string; digest?: string } | undefined {
  const groups = IMAGE_REF.exec(value)?.groups;
  return groups ? { repo: groups.repo!, tag: groups.tag, digest: groups.digest } : undefined;
}

function isImageRef(value: string): boolean {
  const match = IMAGE_REF.exec(value);
  if (!match?.groups) return false;
  const { tag, digest } = match.groups;
  return Boolean(digest) || (Boolean(tag) && tag !== 'latest');
}

export const FORMATS: Readonly<Record<string, FormatRule>> = {
  'dns-label': {
    check: (v) => v.length <= 63 && DNS_LABEL.test(v),
    expected: 'a DNS label: lowercase letters, digits and `-`, starting and ending with a letter or digit, at most 63 characters',
  },
  'cpu-quantity': {
    check: (v) => /^(?:[0-9]+m|[0-9]+(?:\.[0-9]{1,3})?)$/.test(v) && !/^0+(?:\.0+)?m?$/.test(v),
    expected: 'a CPU quantity: millicores like `250m` or cores like `0.5` or `2`',
  },
  'memory-quantity': {
    check: (v) => /^[0-9]+(?:\.[0-9]+)?(?:Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.test(v) && !/^0+(?:\.0+)?[A-Za-z]*$/.test(v),
    expected: 'a memory quantity like `256Mi` or `1Gi` (binary suffixes Ki, Mi, Gi, Ti)',
  },
  duration: {
    check: (v) => /^(?=.)(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?$/.test(v),
    expected: 'a duration like `30s`, `5m`, `1h` or `1h30m`',
  },
  cron: {
    check: isCron,
    explain: cronProblem,
    expected: 'a 5-field cron schedule (minute hour day-of-month month day-of-week) like `0 2 * * *`, or a macro like `@daily`',
  },
  'time-zone': {
    check: isTimeZone,
    expected: 'an IANA time zone like `Europe/Berlin` or `Etc/UTC`',
  },
  'image-ref': {
    check: isImageRef,
    explain: imageRefProblem,
    expected: 'an image reference with a tag or digest other than `latest`, like `ghcr.io/acme/api:1.4.2`',
  },
  'image-name': {
    check: (v) => splitImageRef(v)?.repo === v,
    expected: 'an image name without tag or digest, like `ghcr.io/acme/api`',
  },
  'image-version': {
    check: (v) => /^(?:[\w][\w.-]{0,127}|sha256:[a-f0-9]{64})$/.test(v) && v !== 'latest',
    expected: 'a tag other than `latest` (like `1.4.2`) or a digest (`sha256:` and 64 hex digits)',
  },
  'port-name': {
    check: (v) => v.length <= 15 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v) && /[a-z]/.test(v),
    expected: 'a port name: at most 15 lowercase letters, digits and single `-`, with at least one letter',
  },
  'positive-quantity': {
    check: (v) => /^[0-9]+(?:\.[0-9]+)?(?:m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.test(v) && /[1-9]/.test(v),
    expected: 'a Kubernetes quantity above zero like `20`, `500m` or `1k`',
  },
  hostname: {
    check: (v) =>
      v.length <= 253 && v.split('.').length >= 2 && v.split('.').every((part, i) => (i === 0 && part === '*') || DNS_LABEL.test(part)),
    expected: 'a DNS host name like `api.example.com` (lowercase)',
  },
  cidr: {
    check: isCidr,
    expected: 'an IPv4 CIDR like `10.0.0.0/8` or `203.0.113.7/32`',
  },
  'env-name': {
    // The API server's rule (IsEnvVarName): `spring.profiles.active` and `my-var` are valid names.
    check: (v) => /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(v),
    expected: 'an environment variable name: letters, digits, `_`, `-` and `.`, not starting with a digit',
  },
  'label-key': {
    check: isQualifiedName,
    expected: 'a label key: an optional DNS prefix and `/`, then at most 63 letters, digits, `-`, `_`, `.`',
  },
  // Annotation keys follow the label-key grammar; only their values are free text.
  'annotation-key': {
    check: isQualifiedName,
    expected: 'an annotation key: an optional DNS prefix (at most 253 characters) and `/`, then at most 63 letters, digits, `-`, `_`, `.`',
  },
  'ip-address': {
    check: (v) => isIP(v) !== 0,
    expected: 'an IPv4 or IPv6 address like `10.1.2.3`',
  },
  'dns-subdomain': {
    check: isDnsSubdomain,
    expected: 'a DNS subdomain: lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit, at most 253 characters',
  },
  'label-value': {
    check: (v) => v === '' || /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(v),
    expected: 'a label value: at most 63 letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit',
  },
};

/** The formats as ajv format definitions. */
export const AJV_FORMATS: Readonly<Record<string, { type: 'string'; validate: (value: string) => boolean }>> = Object.fromEntries(
  Object.entries(FORMATS).map(([name, rule]) => [name, { type: 'string' as const, validate: rule.check }]),
);
