/**
 * Heuristics for "this looks like a secret", shared by the gate's env-var and
 * ConfigMap checks and the overlay rule against literal secrets. Tuned to miss little and to stay quiet on the usual
 * harmless names (PASSWORD_FILE, TOKEN_TTL, SECRET_NAME...).
 */

/** Words that make a name secret-looking on their own. */
const SECRET_WORDS = new Set(['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'dsn']);
/**
 * Substrings that make a word secret-looking when names glue words together:
 * PGPASSWORD, GITHUBTOKEN, CLIENTSECRET, MYSQLPWD.
 */
const SECRET_SUBSTRINGS = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'privatekey', 'credential', 'pwd'];
/** Whole words that are a secret only next to another word: MYSQL_PWD and DB_PASS, but not PWD (the shell's working directory). */
const SECRET_WORDS_IN_CONTEXT = new Set(['pwd', 'pass', 'pw']);
/** Words that contain a secret substring but are not about secrets. */
const NOT_SECRET_WORDS = /^(?:oldpwd|tokeniz\w*|\w*tokens|tokensper\w*|secretary\w*)$/;
/** Word pairs that do: API_KEY, PRIVATE_KEY, ACCESS_KEY... */
const KEY_PREFIXES = new Set(['api', 'private', 'access', 'secret', 'signing', 'encryption', 'auth', 'session', 'master', 'client']);
/** A final word that says the value is about the secret, not the secret: PASSWORD_FILE, TOKEN_TTL. */
const HARMLESS_SUFFIXES = new Set([
  'file', 'path', 'dir', 'name', 'names', 'ref', 'id', 'length', 'len', 'ttl', 'timeout', 'expiry', 'expires',
  'lifetime', 'endpoint', 'url', 'uri', 'header', 'type', 'enabled', 'mode', 'policy', 'version', 'namespace', 'location',
  'seconds', 'minutes', 'hours', 'days', 'size', 'count', 'field', 'prefix', 'format', 'algorithm', 'store',
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/**
 * True for names like DB_PASSWORD, apiKey, STRIPE_SECRET_KEY, GITHUB_TOKEN,
 * PGPASSWORD, GITHUBTOKEN, MYSQL_PWD, DB_PASS; false for PASSWORD_FILE,
 * TOKEN_TTL, PWD or TOKENIZER.
 */
export function isSecretLikeName(name: string): boolean {
  const parts = words(name);
  if (parts.length === 0) return false;
  const last = parts[parts.length - 1]!;
  if (parts.length > 1 && HARMLESS_SUFFIXES.has(last)) return false;
  for (let i = 0; i < parts.length; i++) {
    const word = parts[i]!;
    if (SECRET_WORDS.has(word)) return true;
    if (SECRET_WORDS_IN_CONTEXT.has(word) && parts.length > 1) return true;
    if (!NOT_SECRET_WORDS.test(word) && word !== 'pwd' && SECRET_SUBSTRINGS.some((needle) => word.includes(needle))) return true;
    if (word === 'key' && i > 0 && KEY_PREFIXES.has(parts[i - 1]!)) return true;
  }
  return false;
}

const VALUE_PATTERNS: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'a URL with a password', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i },
  { what: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { what: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { what: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
];

/** What secret the text contains (for the message), or undefined. */
export function secretInValue(value: string): string | undefined {
  return VALUE_PATTERNS.find(({ pattern }) => pattern.test(value))?.what;
}

/** References and template holes: `$(VAR)`, `${VAR}`, `{{ .Values.x }}`, `%(name)s`, `<set me>`. */
const PLACEHOLDER_TOKENS = /\$\([^)]*\)|\$\{[^}]*\}|\{\{.*?\}\}|%\([^)]*\)[a-z]?|<[^<>]*>/g;

/**
 * Values that point at a secret instead of holding one. The whole value must
 * be placeholders: references and template holes (`$(VAR)`, `${VAR}`,
 * `{{ .Values.x }}`, `%(name)s`, `<set me>`) joined by punctuation or spaces,
 * optionally after an HTTP auth scheme (`Bearer $(TOKEN)`), or a filler word
 * (changeme, redacted, ***, xxx). Anything else beside a placeholder is
 * literal text and is judged: `<x>sk_live_abcdef` is not a placeholder.
 */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '' || /^(changeme|redacted|\*+|x+|null|none|true|false)$/i.test(trimmed)) return true;
  const rest = trimmed.replace(PLACEHOLDER_TOKENS, '');
  return rest !== trimmed && !/[A-Za-z0-9]/.test(rest.replace(/^(?:bearer|basic|token)\s+/i, ''));
}

const ASSIGNMENT = /^\s*["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?([^"'\s#,]+)/;

/**
 * Secret-looking assignments inside a config file body (`password: hunter2`,
 * `API_KEY=abc`, `"token": "abc"`): one short description per hit, naming the key.
 */
export function secretAssignmentsIn(text: string): string[] {
  const hits: string[] = [];
  for (const line of text.split('\n')) {
    const match = ASSIGNMENT.exec(line);
    if (match && isSecretLikeName(match[1]!) && !isPlaceholder(match[2]!)) hits.push(`"${match[1]}" is set to a literal`);
  }
  return hits;
}
