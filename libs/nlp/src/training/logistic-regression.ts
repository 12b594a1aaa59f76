/**
 * Multinomial logistic regression with an L2 penalty on the weights (not the biases), fitted by
 * L-BFGS: the head a trained classifier puts on a frozen sentence encoder. Small and exact enough
 * for a few thousand labelled texts of a few hundred dimensions; the loss is convex, so the
 * optimum does not depend on the start.
 */

export interface TrainingSet {
  /** Row-major [n, dims] features. */
  features: Float64Array;
  dims: number;
  /** Class index of each row, in [0, classes). */
  labels: Int32Array;
  classes: number;
}

export interface LinearHead {
  dims: number;
  classes: number;
  /** Row-major [dims, classes]. */
  weights: Float64Array;
  biases: Float64Array;
}

export interface FitOptions {
  /** The L2 penalty λ: the loss is the weighted mean cross-entropy plus λ/2 · ‖W‖². */
  l2: number;
  /** Weight each class by n / (classes · n_class), so a rare class counts as much as a common one. */
  balanced: boolean;
  maxIterations?: number;
}

const HISTORY = 10;

/** Per-row weights: 1, or the class-balanced n / (k · n_c). */
export function rowWeights(set: TrainingSet, balanced: boolean): Float64Array {
  const n = set.labels.length;
  const weights = new Float64Array(n).fill(1);
  if (!balanced) return weights;
  const counts = new Array<number>(set.classes).fill(0);
  for (const label of set.labels) counts[label] += 1;
  for (let i = 0; i < n; i++) weights[i] = n / (set.classes * counts[set.labels[i]]);
  return weights;
}

/** Class scores x·W + b for one row, written into `out`. */
function logitsOf(head: LinearHead, row: Float64Array, offset: number, out: Float64Array): void {
  const { dims, classes, weights, biases } = head;
  for (let c = 0; c < classes; c++) out[c] = biases[c];
  for (let d = 0; d < dims; d++) {
    const x = row[offset + d];
    if (x === 0) continue;
    const base = d * classes;
    for (let c = 0; c < classes; c++) out[c] += x * weights[base + c];
  }
}

/** Softmax in place, shifted by the maximum so large scores do not overflow. */
function softmaxInPlace(values: Float64Array): void {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < values.length; c++) {
    values[c] = Math.exp(values[c] - max);
    sum += values[c];
  }
  for (let c = 0; c < values.length; c++) values[c] /= sum;
}

/** Class probabilities of each row: row-major [n, classes]. */
export function predictProbabilities(head: LinearHead, features: Float64Array): Float64Array {
  const n = features.length / head.dims;
  const out = new Float64Array(n * head.classes);
  const scores = new Float64Array(head.classes);
  for (let i = 0; i < n; i++) {
    logitsOf(head, features, i * head.dims, scores);
    softmaxInPlace(scores);
    out.set(scores, i * head.classes);
  }
  return out;
}

/** The most probable class of each row. */
export function predictClasses(head: LinearHead, features: Float64Array): Int32Array {
  const probabilities = predictProbabilities(head, features);
  const n = probabilities.length / head.classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < head.classes; c++) {
      if (probabilities[i * head.classes + c] > probabilities[i * head.classes + best]) best = c;
    }
    out[i] = best;
  }
  return out;
}

/** θ = [W (dims × classes), b (classes)] as one vector, for the optimiser. */
function headOf(theta: Float64Array, dims: number, classes: number): LinearHead {
  return {
    dims,
    classes,
    weights: theta.subarray(0, dims * classes),
    biases: theta.subarray(dims * classes),
  };
}

/** The penalised loss at θ, and its gradient written into `gradient`. */
function lossAndGradient(
  set: TrainingSet,
  rowWeight: Float64Array,
  totalWeight: number,
  l2: number,
  theta: Float64Array,
  gradient: Float64Array,
): number {
  const { dims, classes, features, labels } = set;
  const head = headOf(theta, dims, classes);
  const grad = headOf(gradient, dims, classes);
  gradient.fill(0);
  const p = new Float64Array(classes);
  let loss = 0;
  for (let i = 0; i < labels.length; i++) {
    const offset = i * dims;
    logitsOf(head, features, offset, p);
    softmaxInPlace(p);
    const w = rowWeight[i] / totalWeight;
    loss -= w * Math.log(Math.max(p[labels[i]], 1e-300));
    p[labels[i]] -= 1;
    for (let c = 0; c < classes; c++) grad.biases[c] += w * p[c];
    for (let d = 0; d < dims; d++) {
      const x = features[offset + d];
      if (x === 0) continue;
      const base = d * classes;
      for (let c = 0; c < classes; c++) grad.weights[base + c] += w * x * p[c];
    }
  }
  for (let j = 0; j < head.weights.length; j++) {
    loss += 0.5 * l2 * head.weights[j] * head.weights[j];
    grad.weights[j] += l2 * head.weights[j];
  }
  return loss;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
};

/** Fits the head by L-BFGS (two-loop recursion, backtracking line search on the Armijo condition). */
export function fitLogisticRegression(set: TrainingSet, options: FitOptions): LinearHead {
  const { dims, classes } = set;
  if (set.labels.length === 0) throw new RangeError('no rows to fit');
  const rowWeight = rowWeights(set, options.balanced);
  const totalWeight = rowWeight.reduce((sum, w) => sum + w, 0);
  const size = dims * classes + classes;
  const theta = new Float64Array(size);
  const gradient = new Float64Array(size);
  const evaluate = (at: Float64Array, into: Float64Array) =>
    lossAndGradient(set, rowWeight, totalWeight, options.l2, at, into);
  let loss = evaluate(theta, gradient);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const maxIterations = options.maxIterations ?? 500;
  const candidate = new Float64Array(size);
  const candidateGradient = new Float64Array(size);

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (Math.max(...gradient.map(Math.abs)) < 1e-6) break;
    const direction = Float64Array.from(gradient, (g) => -g);
    const alphas: number[] = [];
    for (let k = steps.length - 1; k >= 0; k--) {
      const alpha = dot(steps[k], direction) / dot(changes[k], steps[k]);
      alphas.push(alpha);
      for (let j = 0; j < size; j++) direction[j] -= alpha * changes[k][j];
    }
    if (steps.length > 0) {
      const last = steps.length - 1;
      const gamma = dot(steps[last], changes[last]) / dot(changes[last], changes[last]);
      for (let j = 0; j < size; j++) direction[j] *= gamma;
    }
    for (let k = 0; k < steps.length; k++) {
      const beta = dot(changes[k], direction) / dot(changes[k], steps[k]);
      const alpha = alphas[steps.length - 1 - k];
      for (let j = 0; j < size; j++) direction[j] += (alpha - beta) * steps[k][j];
    }
    let slope = dot(gradient, direction);
    if (slope >= 0) {
      // Not a descent direction (curvature information went stale): restart from the gradient.
      steps.length = 0;
      changes.length = 0;
      for (let j = 0; j < size; j++) direction[j] = -gradient[j];
      slope = dot(gradient, direction);
    }
    let step = steps.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let next = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < size; j++) candidate[j] = theta[j] + step * direction[j];
      next = evaluate(candidate, candidateGradient);
      if (next <= loss + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(next < loss)) break;
    const s = Float64Array.from(candidate, (v, j) => v - theta[j]);
    const y = Float64Array.from(candidateGradient, (v, j) => v - gradient[j]);
    if (dot(s, y) > 1e-12) {
      steps.push(s);
      changes.push(y);
      if (steps.length > HISTORY) {
        steps.shift();
        changes.shift();
      }
    }
    const improvement = loss - next;
    theta.set(candidate);
    gradient.set(candidateGradient);
    loss = next;
    if (improvement < 1e-10 * Math.max(1, Math.abs(loss))) break;
  }
  const head = headOf(theta, dims, classes);
  return { dims, classes, weights: Float64Array.from(head.weights), biases: Float64Array.from(head.biases) };
}
