import onnxProto from 'onnx-proto';
import { ElemType, GraphBuilder } from '../builtin/onnx-builder.js';
import type { LinearHead } from './logistic-regression.js';

const { onnx } = onnxProto;

/** What an encoder graph must offer for a head to be put on it. */
export interface EncoderGraphShape {
  hiddenOutput: string;
  dims: number;
}

/** Finds the token states the feature-extraction pipeline pools (`last_hidden_state`, float, [B, L, D]). */
export function encoderGraphShape(model: Uint8Array, source: string): EncoderGraphShape {
  let graph;
  try {
    graph = onnx.ModelProto.decode(model).graph;
  } catch (error) {
    throw new Error(`${source}: not a readable ONNX model (${(error as Error).message})`, { cause: error });
  }
  const inputs = (graph?.input ?? []).map((input) => input.name);
  if (!inputs.includes('attention_mask')) {
    throw new Error(
      `${source}: the encoder graph has no attention_mask input (inputs: ${inputs.join(', ')})`,
    );
  }
  const output = (graph?.output ?? []).find((o) => o.name === 'last_hidden_state');
  const tensor = output?.type?.tensorType;
  if (!output || tensor?.elemType !== ElemType.float) {
    const names = (graph?.output ?? []).map((o) => o.name).join(', ');
    throw new Error(
      `${source}: the encoder graph has no float last_hidden_state output (outputs: ${names}); a sentence encoder exported for feature extraction is needed`,
    );
  }
  const dims = Number(tensor.shape?.dim?.[2]?.dimValue ?? 0);
  return { hiddenOutput: output.name!, dims };
}

/**
 * The encoder with pooling and the head in one graph, so `pipeline('text-classification')` loads the
 * trained classifier as it loads any sequence classifier: the mean of the token states over the
 * attention mask, divided by its L2 norm (what the feature-extraction pipeline does with
 * `pooling: 'mean', normalize: true`, which is what the head was fitted on), then x·W + b as
 * `logits`. Only operators whose form has not changed across opsets (Cast, Reshape, MatMul, Mul,
 * Div, Max, Sqrt, Add), so it fits any encoder's opset.
 */
export function classifierGraph(
  encoder: Uint8Array,
  shape: EncoderGraphShape,
  head: LinearHead,
  meta: { docString: string; properties: Record<string, string> },
): Uint8Array {
  if (head.dims !== shape.dims) {
    throw new Error(`the head has ${head.dims} inputs but the encoder gives ${shape.dims} dimensions`);
  }
  const g = new GraphBuilder('stancewatch_head/');
  const mask = g.node('Cast', ['attention_mask'], [{ name: 'to', i: ElemType.float }]);
  const reshape = (x: string, hint: string, to: number[]) => g.node('Reshape', [x, g.int64s(hint, to)]);
  const maskRow = reshape(mask, 'as_row', [0, 1, -1]); // [B, 1, L]
  const maskColumn = reshape(mask, 'as_column', [0, -1, 1]); // [B, L, 1]
  const summed = reshape(g.node('MatMul', [maskRow, shape.hiddenOutput]), 'flat', [0, -1]); // [B, D]
  const count = reshape(g.node('MatMul', [maskRow, maskColumn]), 'count', [0, 1]); // [B, 1]
  const mean = g.node('Div', [summed, g.node('Max', [count, g.floats('min_count', [1e-9])])]);
  const squares = g.node('MatMul', [
    g.node('Mul', [mean, mean]),
    g.floats('ones', new Array(shape.dims).fill(1), [shape.dims, 1]),
  ]);
  const norm = g.node('Max', [g.node('Sqrt', [squares]), g.floats('min_norm', [1e-12])]);
  const pooled = g.node('Div', [mean, norm]);
  const weights = g.floats('weights', Float32Array.from(head.weights), [head.dims, head.classes]);
  g.node(
    'Add',
    [g.node('MatMul', [pooled, weights]), g.floats('biases', Float32Array.from(head.biases))],
    [],
    'logits',
  );
  g.output('logits', ElemType.float, ['batch_size', head.classes]);
  return g.extend(encoder, meta);
}
