import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type Dim = number | string;
type Attribute = { name: string } & ({ i: number } | { f: number } | { ints: number[] });

export const ElemType = {
  float: onnx.TensorProto.DataType.FLOAT,
  int8: onnx.TensorProto.DataType.INT8,
  int64: onnx.TensorProto.DataType.INT64,
} as const;
type ElemTypeValue = (typeof ElemType)[keyof typeof ElemType];

/** Little-endian bytes whatever the host, so the generated file is the same everywhere. */
function rawBytes(values: ArrayLike<number>, type: ElemTypeValue): Uint8Array {
  // One byte per value has no byte order: copy, without a DataView call per value (tables of millions).
  if (values instanceof Int8Array)
    return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.length));
  const width = type === ElemType.float ? 4 : type === ElemType.int64 ? 8 : 1;
  const view = new DataView(new ArrayBuffer(values.length * width));
  for (let i = 0; i < values.length; i++) {
    if (type === ElemType.float) view.setFloat32(i * 4, values[i], true);
    else if (type === ElemType.int64) view.setBigInt64(i * 8, BigInt(values[i]), true);
    else view.setInt8(i, values[i]);
  }
  return new Uint8Array(view.buffer);
}

function valueInfo(name: string, type: ElemTypeValue, dims: Dim[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: type,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

function attribute(attr: Attribute) {
  const { AttributeType } = onnx.AttributeProto;
  if ('i' in attr) return onnx.AttributeProto.create({ name: attr.name, type: AttributeType.INT, i: attr.i });
  if ('f' in attr)
    return onnx.AttributeProto.create({ name: attr.name, type: AttributeType.FLOAT, f: attr.f });
  return onnx.AttributeProto.create({ name: attr.name, type: AttributeType.INTS, ints: attr.ints });
}

/** Just enough of an ONNX graph builder for small, hand-made models. */
export class GraphBuilder {
  private readonly nodes: ReturnType<typeof onnx.NodeProto.create>[] = [];
  private readonly initializers: ReturnType<typeof onnx.TensorProto.create>[] = [];
  private readonly inputs: ReturnType<typeof onnx.ValueInfoProto.create>[] = [];
  private readonly outputs: ReturnType<typeof onnx.ValueInfoProto.create>[] = [];
  private counter = 0;

  /** `prefix` starts every name this builder makes, so a head added to an exported graph cannot collide with its names. */
  constructor(private readonly prefix = '') {}

  input(name: string, type: ElemTypeValue, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  output(name: string, type: ElemTypeValue, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, type, dims));
  }

  constant(hint: string, type: ElemTypeValue, values: ArrayLike<number>, dims: number[]): string {
    const name = `${this.prefix}${hint}_${this.counter++}`;
    this.initializers.push(
      onnx.TensorProto.create({ name, dataType: type, dims, rawData: rawBytes(values, type) }),
    );
    return name;
  }

  floats(hint: string, values: ArrayLike<number>, dims: number[] = [values.length]): string {
    return this.constant(hint, ElemType.float, values, dims);
  }

  int64s(hint: string, values: number[]): string {
    return this.constant(hint, ElemType.int64, values, [values.length]);
  }

  /** Adds a node; `output` names it (for graph outputs), otherwise a fresh name is made. */
  node(op: string, inputs: string[], attributes: Attribute[] = [], output?: string): string {
    const name = output ?? `${this.prefix}${op.toLowerCase()}_${this.counter++}`;
    this.nodes.push(
      onnx.NodeProto.create({
        opType: op,
        name: `${this.prefix}${op}_${this.counter++}`,
        input: inputs,
        output: [name],
        attribute: attributes.map(attribute),
      }),
    );
    return name;
  }

  encode(meta: {
    graphName: string;
    docString: string;
    opset: number;
    properties?: Record<string, string>;
  }): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'stancewatch',
      producerVersion: '1',
      docString: meta.docString,
      opsetImport: [{ domain: '', version: meta.opset }],
      metadataProps: Object.entries(meta.properties ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: meta.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  /**
   * Adds this builder's nodes and initializers to an existing model (an exported encoder, say); the
   * outputs declared here replace the model's, so what fed them becomes internal. Inputs declared
   * here are added to the model's.
   */
  extend(model: Uint8Array, meta: { docString: string; properties?: Record<string, string> }): Uint8Array {
    const decoded = onnx.ModelProto.decode(model);
    const graph = decoded.graph;
    if (!graph) throw new Error('the model has no graph');
    graph.node = [...(graph.node ?? []), ...this.nodes];
    graph.initializer = [...(graph.initializer ?? []), ...this.initializers];
    graph.input = [...(graph.input ?? []), ...this.inputs];
    graph.output = this.outputs;
    decoded.docString = meta.docString;
    decoded.metadataProps.push(
      ...Object.entries(meta.properties ?? {}).map(([key, value]) =>
        onnx.StringStringEntryProto.create({ key, value }),
      ),
    );
    return onnx.ModelProto.encode(decoded).finish();
  }
}
