/** The two .d.ts readers that turn npm packages into JSON Schema. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKubernetesSchemas } from '../../scripts/schema-build/kubernetes-dts';
import { generateModelSchemas } from '../../scripts/schema-build/models-dts';

describe('generateKubernetesSchemas (cdk8s-plus-28 k8s.d.ts)', () => {
  const dts = `
/**
 * Widget does things.
 *
 * @schema io.k8s.api.example.v1.Widget
 */
export declare class KubeWidget extends ApiObject {
    static readonly GVK: GroupVersionKind;
}
/**
 * @schema io.k8s.api.example.v1.Widget
 */
export interface KubeWidgetProps {
    /**
     * @schema io.k8s.api.example.v1.Widget#spec
     */
    readonly spec?: WidgetSpec;
}
/**
 * @schema io.k8s.api.example.v1.WidgetSpec
 */
export interface WidgetSpec {
    /**
     * Renamed by cdk8s: the JSON name comes from the tag.
     *
     * @schema io.k8s.api.example.v1.WidgetSpec#hostIPC
     */
    readonly hostIpc?: boolean;
    /**
     * @schema io.k8s.api.example.v1.WidgetSpec#replicas
     */
    readonly replicas: number;
    /**
     * @schema io.k8s.api.example.v1.WidgetSpec#limits
     */
    readonly limits?: {
        [key: string]: Quantity;
    };
    /**
     * @schema io.k8s.api.example.v1.WidgetSpec#ports
     */
    readonly ports?: IntOrString[];
}
/**
 * @schema io.k8s.apimachinery.pkg.api.resource.Quantity
 */
export declare class Quantity {
}
/**
 * @schema io.k8s.apimachinery.pkg.util.intstr.IntOrString
 */
export declare class IntOrString {
}
`;

  it('maps kinds to definitions and keeps JSON names, required, maps, arrays and integers', () => {
    const doc = generateKubernetesSchemas(dts, [{ className: 'KubeWidget', apiVersion: 'example/v1', kind: 'Widget' }], { kubernetesVersion: 'x', source: 'test' });
    expect(doc.kinds).toEqual({ 'example/v1/Widget': 'io.k8s.api.example.v1.Widget' });
    expect(doc.definitions['io.k8s.api.example.v1.Widget']).toEqual({
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        spec: { $ref: '#/definitions/io.k8s.api.example.v1.WidgetSpec' },
        status: { type: 'object' },
      },
    });
    expect(doc.definitions['io.k8s.api.example.v1.WidgetSpec']).toEqual({
      type: 'object',
      properties: {
        hostIPC: { type: 'boolean' },
        limits: { type: 'object', additionalProperties: { $ref: '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity' } },
        ports: { type: 'array', items: { $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString' } },
        replicas: { type: 'integer' },
      },
      required: ['replicas'],
    });
  });

  it('refuses a property without a @schema tag rather than guessing its JSON name', () => {
    expect(() => generateKubernetesSchemas('/**\n * @schema a.B\n */\nexport interface B {\n    readonly x?: string;\n}\n', [], { kubernetesVersion: 'x', source: 't' })).toThrow(/no @schema field tag/);
  });
});

describe('generateModelSchemas (@kubernetes-models .d.ts)', () => {
  it('follows imports and extends, and reads enums, maps, arrays and optionality', () => {
    // GIVEN two generated-style modules: a kind and a spec type it imports
    const dir = mkdtempSync(join(tmpdir(), 'models-dts-'));
    mkdirSync(join(dir, 'pkg', 'v1'), { recursive: true });
    writeFileSync(join(dir, 'pkg', 'package.json'), '{}');
    writeFileSync(
      join(dir, 'pkg', 'v1', 'Gadget.d.ts'),
      `import { IExampleV1GadgetSpec } from "./GadgetSpec.js";
import { ModelData, TypeMeta, Model } from "@kubernetes-models/base";
/** A gadget. */
export interface IGadget extends TypeMeta {
    "apiVersion": "example.com/v1";
    "kind": "Gadget";
    "spec": IExampleV1GadgetSpec;
}
export declare class Gadget extends Model<IGadget> implements IGadget {
    "spec": IExampleV1GadgetSpec;
    constructor(data?: ModelData<IGadget>);
}
export type { IGadget as IExampleV1Gadget, Gadget as ExampleV1Gadget };
`,
    );
    writeFileSync(
      join(dir, 'pkg', 'v1', 'GadgetSpec.d.ts'),
      `export interface IBase {
    "name"?: string;
}
export interface IGadgetSpec extends IBase {
    /** how loud */
    "mode": "quiet" | "loud";
    "sizes"?: Array<number>;
    "labels"?: {
        [key: string]: string;
    };
    "extra"?: IEmpty;
}
export interface IEmpty {
}
export type { IGadgetSpec as IExampleV1GadgetSpec };
`,
    );
    // WHEN generated
    const out = generateModelSchemas([{ file: join(dir, 'pkg', 'v1', 'Gadget.d.ts'), kind: 'Gadget' }]);
    // THEN the kind maps to its definition and the spec is reconstructed
    expect(out.kinds).toEqual({ 'example.com/v1/Gadget': 'ExampleV1Gadget' });
    expect(out.definitions.ExampleV1Gadget).toEqual({
      type: 'object',
      properties: {
        apiVersion: { type: 'string', enum: ['example.com/v1'] },
        kind: { type: 'string', enum: ['Gadget'] },
        spec: { $ref: '#/definitions/ExampleV1GadgetSpec' },
      },
      required: ['apiVersion', 'kind', 'spec'],
    });
    expect(out.definitions.ExampleV1GadgetSpec).toEqual({
      type: 'object',
      properties: {
        extra: { $ref: '#/definitions/Empty' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        mode: { type: 'string', enum: ['quiet', 'loud'] },
        name: { type: 'string' },
        sizes: { type: 'array', items: { type: 'number' } },
      },
      required: ['mode'],
    });
    // AND an empty interface (RawExtension-like) accepts any JSON
    expect(out.definitions.Empty).toEqual({});
  });
});
