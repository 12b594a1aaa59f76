// Jest runs each test file in its own V8 context, whose typed-array classes differ from Node's.
// onnxruntime-node creates tensors with Node's Float32Array and checks them with `instanceof`
// against the test context's class ("A float32 tensor's data must be type of function
// Float32Array()"). Giving every test context Node's own typed arrays lets models run in tests.
import { TestEnvironment } from 'jest-environment-node';

const TYPED_ARRAYS = [
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Uint8Array',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
];

export default class NodeRealmEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}
