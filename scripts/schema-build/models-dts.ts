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
    if (token === 'import') parseImport(p, imports);
    else if (token === 'export') parseExport(p, decls, aliases);
  }
  return { file, imports, decls, aliases };
}

/** After `import`: each name of `import type { A, B as C } from "spec";`; other imports are skipped. */
function parseImport(p: Parser, imports: Map<string, string>): void {
  p.accept('type');
  if (!p.accept('{')) {
    p.skipStatement();
    return;
  }
  const names: string[] = [];
  while (!p.accept('}')) {
    const name = p.next();
    names.push(p.accept('as') ? p.next() : name);
    p.accept(',');
  }
  p.expect('from');
  const spec = JSON.parse(p.next()) as string;
  for (const name of names) imports.set(name, spec);
  p.accept(';');
}

/** After `export`: interfaces, type aliases and alias lists; `declare` blocks and anything else are skipped. */
function parseExport(p: Parser, decls: Map<string, Decl>, aliases: Map<string, string>): void {
  const what = p.next();
  if (what === 'interface') {
    const name = p.next();
    decls.set(name, parseInterface(p));
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

/** After `export interface Name`: its parents (type arguments dropped) and members. */
function parseInterface(p: Parser): Decl {
  const parents: string[] = [];
  if (p.accept('extends')) {
    do {
      parents.push(p.next());
      if (p.accept('<')) while (p.next() !== '>');
    } while (p.accept(','));
  }
  p.expect('{');
  return { t: 'interface', extends: parents, members: p.objectBody().members };
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
  const builder = new ModelSchemaBuilder();
  const kinds: Record<string, string> = {};
  for (const root of roots) {
    const { kind, definition } = builder.addRoot(root);
    kinds[kind] = definition;
  }
  builder.buildPending();
  return { kinds: sortKeys(kinds), definitions: sortKeys(builder.definitions), files: sortKeys(builder.files) };
}

type InterfaceDecl = Decl & { t: 'interface' };

/** The definition name of a declaration: its `I`-prefixed export alias, or its own name, without the `I`. */
function definitionName(m: ParsedModule, local: string): string {
  for (const [alias, target] of m.aliases) if (target === local && alias.startsWith('I')) return alias.slice(1);
  return local.replace(/^I/, '');
}

function primitiveSchema(name: string): JsonSchema {
  if (name === 'string' || name === 'number' || name === 'boolean' || name === 'null') return { type: name };
  if (name === 'object') return { type: 'object' };
  return {};
}

/**
 * The definitions reachable from the roots. A referenced declaration gets a placeholder at once
 * (which also ends recursion) and its schema later, in the order it was first met; every .d.ts
 * is parsed once.
 */
class ModelSchemaBuilder {
  readonly definitions: Record<string, JsonSchema> = {};
  /** definition name -> the .d.ts it came from */
  readonly files: Record<string, string> = {};
  private readonly modules = new Map<string, ParsedModule>();
  /** Referenced and not built yet: [module, local name, definition name]. */
  private readonly pending: Array<[ParsedModule, string, string]> = [];

  /** Registers the kind's interface `I<kind>`; returns its `apiVersion/kind` and definition name. */
  addRoot(root: ModelRoot): { kind: string; definition: string } {
    const [m, local] = this.resolve(root.file, `I${root.kind}`);
    const decl = m.decls.get(local);
    if (!decl || decl.t !== 'interface') throw new Error(`${root.file}: I${root.kind} is not an interface`);
    const literal = (name: string): string => {
      const member = decl.members.find((x) => x.name === name);
      if (member?.type.t !== 'lit') throw new Error(`${root.file}: I${root.kind}.${name} is not a literal`);
      return String(member.type.value);
    };
    this.refTo(root.file, `I${root.kind}`);
    return { kind: `${literal('apiVersion')}/${literal('kind')}`, definition: definitionName(m, local) };
  }

  /** Builds every pending definition, and those they reference in turn. */
  buildPending(): void {
    while (this.pending.length > 0) {
      const [m, local, def] = this.pending.shift()!;
      this.definitions[def] = this.definitionSchema(m, local, def);
    }
  }

  private definitionSchema(m: ParsedModule, local: string, def: string): JsonSchema {
    const special = SPECIAL[def];
    if (special) return special;
    const decl = m.decls.get(local)!;
    if (decl.t === 'type') return this.schemaOf(decl.type, m.file);
    const members = this.membersOf(m, decl);
    // Empty Go structs (RawExtension, JSON, FieldsV1) hold arbitrary JSON.
    return members.length === 0 ? {} : this.objectSchema(members);
  }

  private moduleOf(file: string): ParsedModule {
    let m = this.modules.get(file);
    if (!m) this.modules.set(file, (m = parseModule(file)));
    return m;
  }

  /** Where a name used in `file` is declared: [module, local name]. */
  private resolve(file: string, name: string): [ParsedModule, string] {
    const m = this.moduleOf(file);
    if (m.decls.has(name)) return [m, name];
    const local = m.aliases.get(name);
    if (local && m.decls.has(local)) return [m, local];
    const spec = m.imports.get(name);
    if (spec) return this.resolve(resolveDts(file, spec), name);
    throw new Error(`${file}: cannot resolve type '${name}'`);
  }

  private refTo(file: string, name: string): JsonSchema {
    const [m, local] = this.resolve(file, name);
    const def = definitionName(m, local);
    if (!(def in this.definitions)) {
      this.definitions[def] = {}; // placeholder, also breaks recursion
      this.files[def] = m.file;
      this.pending.push([m, local, def]);
    }
    return { $ref: `#/definitions/${def}` };
  }

  private schemaOf(node: TypeNode, file: string): JsonSchema {
    switch (node.t) {
      case 'prim':
        return primitiveSchema(node.name);
      case 'lit':
        return { type: typeof node.value as string, enum: [node.value as string] };
      case 'ref':
        return this.refTo(file, node.name);
      case 'array':
        return { type: 'array', items: this.schemaOf(node.items, file) };
      case 'object':
        if (node.index && node.members.length === 0) return { type: 'object', additionalProperties: this.schemaOf(node.index, file) };
        return this.objectSchema(node.members.map((member) => [member, file]));
      case 'union':
        return this.unionSchema(node.members, file);
    }
  }

  /** String-literal unions are enums, unions of primitives a type list, anything else `anyOf`. */
  private unionSchema(members: readonly TypeNode[], file: string): JsonSchema {
    if (members.every((n) => n.t === 'lit' && typeof n.value === 'string')) {
      return { type: 'string', enum: members.map((n) => (n as { value: string }).value) };
    }
    if (members.every((n) => n.t === 'prim')) return { type: members.map((n) => (n as { name: string }).name) };
    return { anyOf: members.map((n) => this.schemaOf(n, file)) } as JsonSchema;
  }

  /** Members with the file each was declared in (references resolve from there). */
  private objectSchema(members: ReadonlyArray<readonly [Member, string]>): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [member, file] of members) {
      properties[member.name] = this.schemaOf(member.type, file);
      if (!member.optional) required.push(member.name);
    }
    return { type: 'object', properties: sortKeys(properties), ...(required.length > 0 ? { required: [...new Set(required)].sort() } : {}) };
  }

  /** Own members plus those of every extended interface, own ones winning. */
  private membersOf(m: ParsedModule, decl: InterfaceDecl): Array<[Member, string]> {
    const all: Array<[Member, string]> = [];
    for (const parent of decl.extends) {
      if (parent === 'TypeMeta') continue; // apiVersion/kind, redeclared with literal types by every kind
      const [pm, local] = this.resolve(m.file, parent);
      const pdecl = pm.decls.get(local)!;
      if (pdecl.t !== 'interface') throw new Error(`${m.file}: ${local} extends a non-interface`);
      all.push(...this.membersOf(pm, pdecl));
    }
    for (const member of decl.members) all.push([member, m.file]);
    const byName = new Map<string, [Member, string]>();
    for (const entry of all) byName.set(entry[0].name, entry);
    return [...byName.values()];
  }
}
