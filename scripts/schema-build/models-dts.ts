/**
 * Reads the type declarations of the @kubernetes-models CRD packages
 * (prometheus-operator, argo-cd, external-secrets) back into JSON Schema.
 *
 * Why: those packages ship their schemas only as ajv-precompiled validator
 * modules, hundreds of files per kind. Importing them costs 0.3-0.5 s at
 * startup, and they accept unknown fields. Their `.d.ts` files, one per
 * OpenAPI definition, carry the structure: property names, required (`?`),
 * enums (string-literal unions), arrays, maps and references. The constraints
 * the types cannot express (integer vs number, patterns, bounds) are then
 * read from the validators by models-probe.ts. The result is committed as
 * generated/crds.json by scripts/build-schemas.ts and compiled lazily by ajv
 * like the core schemas.
 *
 * Build-time only. The d.ts files are machine-generated and regular, so a
 * small tokenizer and recursive-descent parser for the subset they use is
 * enough (no TypeScript compiler API exists for TypeScript 7).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { JsonSchema } from '../../lib/check/schema/types';
import { sortKeys } from './kubernetes-dts';

type TypeNode =
  | { readonly t: 'prim'; readonly name: string }
  | { readonly t: 'lit'; readonly value: string | number | boolean }
  | { readonly t: 'ref'; readonly name: string }
  | { readonly t: 'array'; readonly items: TypeNode }
  | { readonly t: 'union'; readonly members: readonly TypeNode[] }
  | { readonly t: 'object'; readonly members: readonly Member[]; readonly index?: TypeNode };

interface Member {
  readonly name: string;
  readonly optional: boolean;
  readonly type: TypeNode;
}

type Decl =
  | { readonly t: 'interface'; readonly extends: readonly string[]; readonly members: readonly Member[] }
  | { readonly t: 'type'; readonly type: TypeNode };

interface ParsedModule {
  readonly file: string;
  /** imported name -> module specifier */
  readonly imports: ReadonlyMap<string, string>;
  readonly decls: ReadonlyMap<string, Decl>;
  /** exported alias -> local name (`export type { IEndpoint as IComGithub…Endpoint }`) */
  readonly aliases: ReadonlyMap<string, string>;
}

// ---------------------------------------------------------------- tokenizer

const TOKEN = /\s*(?:(\/\*[\s\S]*?\*\/|\/\/[^\n]*)|("(?:[^"\\]|\\.)*")|([A-Za-z_$][\w$]*)|(-?\d+(?:\.\d+)?)|(\S))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const m = TOKEN.exec(text);
    if (!m) break;
    if (m[1]) continue; // comment
    const token = m[2] ?? m[3] ?? m[4] ?? m[5];
    if (token !== undefined) tokens.push(token);
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: readonly string[],
    private readonly file: string,
  ) {}

  get done(): boolean {
    return this.pos >= this.tokens.length;
  }
  peek(offset = 0): string | undefined {
    return this.tokens[this.pos + offset];
  }
  next(): string {
    const token = this.tokens[this.pos++];
    if (token === undefined) throw new Error(`${this.file}: unexpected end of file`);
    return token;
  }
  expect(token: string): void {
    const got = this.next();
    if (got !== token) throw new Error(`${this.file}: expected '${token}', got '${got}' at token ${this.pos}`);
  }
  accept(token: string): boolean {
    if (this.peek() !== token) return false;
    this.pos++;
    return true;
  }
  /** Skips to just after the `}` matching the next `{`. */
  skipBlock(): void {
    while (this.next() !== '{');
    for (let depth = 1; depth > 0; ) {
      const token = this.next();
      if (token === '{') depth++;
      else if (token === '}') depth--;
    }
  }
  skipStatement(): void {
    while (!this.done && this.next() !== ';');
  }

  type(): TypeNode {
    const members = [this.postfix()];
    while (this.accept('|')) members.push(this.postfix());
    return members.length === 1 ? members[0]! : { t: 'union', members };
  }

  private postfix(): TypeNode {
    let node = this.primary();
    while (this.peek() === '[' && this.peek(1) === ']') {
      this.pos += 2;
      node = { t: 'array', items: node };
    }
    return node;
  }

  private primary(): TypeNode {
    const token = this.next();
    if (token === '(') {
      const inner = this.type();
      this.expect(')');
      return inner;
    }
    if (token === '{') return this.objectBody();
    if (token.startsWith('"')) return { t: 'lit', value: JSON.parse(token) as string };
    if (/^-?\d/.test(token)) return { t: 'lit', value: Number(token) };
    if (token === 'true' || token === 'false') return { t: 'lit', value: token === 'true' };
    if (token === 'Array' && this.accept('<')) {
      const items = this.type();
      this.expect('>');
      return { t: 'array', items };
    }
    if (['string', 'number', 'boolean', 'any', 'unknown', 'object', 'null'].includes(token)) return { t: 'prim', name: token };
    if (/^[A-Za-z_$]/.test(token)) return { t: 'ref', name: token };
    throw new Error(`${this.file}: unexpected token '${token}' in a type`);
  }

  /** After `{`: members and index signatures up to the matching `}`. */
  objectBody(): TypeNode & { t: 'object' } {
    const members: Member[] = [];
    let index: TypeNode | undefined;
    while (!this.accept('}')) {
      if (this.accept('[')) {
        this.next(); // key
        this.expect(':');
        this.next(); // string
        this.expect(']');
        this.expect(':');
        index = this.type();
      } else {
        const raw = this.next();
        const name = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
        const optional = this.accept('?');
        this.expect(':');
        members.push({ name, optional, type: this.type() });
      }
      this.accept(';') || this.accept(',');
    }
    return index ? { t: 'object', members, index } : { t: 'object', members };
  }
}

function parseModule(file: string): ParsedModule {
  const p = new Parser(tokenize(readFileSync(file, 'utf8')), file);
  const imports = new Map<string, string>();
  const decls = new Map<string, Decl>();
  const aliases = new Map<string, string>();
  while (!p.done) {
    const token = p.next();
    if (token === 'import') {
      p.accept('type');
      if (!p.accept('{')) {
        p.skipStatement();
        continue;
      }
      const names: string[] = [];
      while (!p.accept('}')) {
        const name = p.next();
        if (p.accept('as')) names.push(p.next());
        else names.push(name);
        p.accept(',');
      }
      p.expect('from');
      const spec = JSON.parse(p.next()) as string;
      for (const name of names) imports.set(name, spec);
      p.accept(';');
    } else if (token === 'export') {
      const what = p.next();
      if (what === 'interface') {
        const name = p.next();
        const parents: string[] = [];
        if (p.accept('extends')) {
          do {
            parents.push(p.next());
            if (p.accept('<')) while (p.next() !== '>');
          } while (p.accept(','));
        }
        p.expect('{');
        decls.set(name, { t: 'interface', extends: parents, members: p.objectBody().members });
      } else if (what === 'type' && p.peek() === '{') {
        p.next();
        while (!p.accept('}')) {
          const local = p.next();
          p.expect('as');
          aliases.set(p.next(), local);
          p.accept(',');
        }
        p.accept(';');
      } else if (what === 'type') {
        const name = p.next();
        p.expect('=');
        decls.set(name, { t: 'type', type: p.type() });
        p.accept(';');
      } else if (what === 'declare') {
        p.skipBlock();
      } else {
        p.skipStatement();
      }
    }
  }
  return { file, imports, decls, aliases };
}

// ---------------------------------------------------------------- resolution

/** Finds the .d.ts a module specifier points to, the way `types` export conditions map it. */
function resolveDts(fromFile: string, spec: string): string {
  if (spec.startsWith('.')) return join(dirname(fromFile), spec.replace(/\.js$/, '.d.ts'));
  const parts = spec.split('/');
  const pkgName = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  const subpath = parts.slice(spec.startsWith('@') ? 2 : 1).join('/');
  for (let dir = dirname(fromFile); ; dir = dirname(dir)) {
    const pkgDir = join(dir, 'node_modules', pkgName);
    if (existsSync(join(pkgDir, 'package.json'))) {
      const candidates = subpath ? [`${subpath}.d.ts`, join(subpath, 'index.d.ts')] : ['index.d.ts', 'dist/index.d.ts'];
      for (const c of candidates) if (existsSync(join(pkgDir, c))) return join(pkgDir, c);
      throw new Error(`cannot resolve types of '${spec}' from ${fromFile}`);
    }
    if (dirname(dir) === dir) throw new Error(`package '${pkgName}' not found from ${fromFile}`);
  }
}

// ---------------------------------------------------------------- schema generation

/** Definitions whose JSON form differs from what their TypeScript type says. */
const SPECIAL: Readonly<Record<string, JsonSchema>> = {
  IoK8sApimachineryPkgUtilIntstrIntOrString: { type: ['integer', 'string'] },
  IoK8sApimachineryPkgApiResourceQuantity: { type: ['string', 'number'], format: 'quantity' },
  IoK8sApimachineryPkgApisMetaV1Time: { type: 'string', format: 'date-time' },
  IoK8sApimachineryPkgApisMetaV1MicroTime: { type: 'string', format: 'date-time' },
};

/** A kind to generate: the module exporting `I<kind>` (e.g. …/monitoring.coreos.com/v1/ServiceMonitor). */
export interface ModelRoot {
  readonly file: string;
  readonly kind: string;
}

export interface ModelSchemas {
  /** `apiVersion/kind` -> definition name */
  readonly kinds: Record<string, string>;
  readonly definitions: Record<string, JsonSchema>;
  /** definition name -> the .d.ts it came from (for probing its validator). */
  readonly files: Record<string, string>;
}

export function generateModelSchemas(roots: readonly ModelRoot[]): ModelSchemas {
  const modules = new Map<string, ParsedModule>();
  const moduleOf = (file: string): ParsedModule => {
    let m = modules.get(file);
    if (!m) modules.set(file, (m = parseModule(file)));
    return m;
  };

  /** Where a name used in `file` is declared: [module, local name]. */
  const resolve = (file: string, name: string): [ParsedModule, string] => {
    const m = moduleOf(file);
    if (m.decls.has(name)) return [m, name];
    const local = m.aliases.get(name);
    if (local && m.decls.has(local)) return [m, local];
    const spec = m.imports.get(name);
    if (spec) return resolve(resolveDts(file, spec), name);
    throw new Error(`${file}: cannot resolve type '${name}'`);
  };

  const definitionName = (m: ParsedModule, local: string): string => {
    for (const [alias, target] of m.aliases) if (target === local && alias.startsWith('I')) return alias.slice(1);
    return local.replace(/^I/, '');
  };

  const definitions: Record<string, JsonSchema> = {};
  const files: Record<string, string> = {};
  const pending: Array<[ParsedModule, string, string]> = [];

  const refTo = (file: string, name: string): JsonSchema => {
    const [m, local] = resolve(file, name);
    const def = definitionName(m, local);
    if (!(def in definitions)) {
      definitions[def] = {}; // placeholder, also breaks recursion
      files[def] = m.file;
      pending.push([m, local, def]);
    }
    return { $ref: `#/definitions/${def}` };
  };

  const schemaOf = (node: TypeNode, file: string): JsonSchema => {
    switch (node.t) {
      case 'prim':
        if (node.name === 'string' || node.name === 'number' || node.name === 'boolean' || node.name === 'null') return { type: node.name };
        if (node.name === 'object') return { type: 'object' };
        return {};
      case 'lit':
        return { type: typeof node.value as string, enum: [node.value as string] };
      case 'ref':
        return refTo(file, node.name);
      case 'array':
        return { type: 'array', items: schemaOf(node.items, file) };
      case 'object': {
        if (node.index && node.members.length === 0) return { type: 'object', additionalProperties: schemaOf(node.index, file) };
        return objectSchema(node.members, file);
      }
      case 'union': {
        if (node.members.every((n) => n.t === 'lit' && typeof n.value === 'string')) {
          return { type: 'string', enum: node.members.map((n) => (n as { value: string }).value) };
        }
        if (node.members.every((n) => n.t === 'prim')) return { type: node.members.map((n) => (n as { name: string }).name) };
        return { anyOf: node.members.map((n) => schemaOf(n, file)) } as JsonSchema;
      }
    }
  };

  const objectSchema = (members: readonly Member[], file: string): JsonSchema => {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const member of members) {
      properties[member.name] = schemaOf(member.type, file);
      if (!member.optional) required.push(member.name);
    }
    return { type: 'object', properties: sortKeys(properties), ...(required.length > 0 ? { required: [...new Set(required)].sort() } : {}) };
  };

  /** Own members plus those of every extended interface, own ones winning. */
  const membersOf = (m: ParsedModule, decl: Decl & { t: 'interface' }): Array<[Member, string]> => {
    const all: Array<[Member, string]> = [];
    for (const parent of decl.extends) {
      if (parent === 'TypeMeta') continue; // apiVersion/kind, redeclared with literal types by every kind
      const [pm, local] = resolve(m.file, parent);
      const pdecl = pm.decls.get(local)!;
      if (pdecl.t !== 'interface') throw new Error(`${m.file}: ${local} extends a non-interface`);
      all.push(...membersOf(pm, pdecl));
    }
    for (const member of decl.members) all.push([member, m.file]);
    const byName = new Map<string, [Member, string]>();
    for (const entry of all) byName.set(entry[0].name, entry);
    return [...byName.values()];
  };

  const kinds: Record<string, string> = {};
  for (const root of roots) {
    const [m, local] = resolve(root.file, `I${root.kind}`);
    const decl = m.decls.get(local);
    if (!decl || decl.t !== 'interface') throw new Error(`${root.file}: I${root.kind} is not an interface`);
    const literal = (name: string): string => {
      const member = decl.members.find((x) => x.name === name);
      if (member?.type.t !== 'lit') throw new Error(`${root.file}: I${root.kind}.${name} is not a literal`);
      return String(member.type.value);
    };
    refTo(root.file, `I${root.kind}`);
    kinds[`${literal('apiVersion')}/${literal('kind')}`] = definitionName(m, local);
  }

  while (pending.length > 0) {
    const [m, local, def] = pending.shift()!;
    const special = SPECIAL[def];
    if (special) {
      definitions[def] = special;
      continue;
    }
    const decl = m.decls.get(local)!;
    if (decl.t === 'type') {
      definitions[def] = schemaOf(decl.type, m.file);
    } else {
      const members = membersOf(m, decl);
      if (members.length === 0) {
        // Empty Go structs (RawExtension, JSON, FieldsV1) hold arbitrary JSON.
        definitions[def] = {};
        continue;
      }
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const [member, file] of members) {
        properties[member.name] = schemaOf(member.type, file);
        if (!member.optional) required.push(member.name);
      }
      definitions[def] = { type: 'object', properties: sortKeys(properties), ...(required.length > 0 ? { required: required.sort() } : {}) };
    }
  }
  return { kinds: sortKeys(kinds), definitions: sortKeys(definitions), files: sortKeys(files) };
}
