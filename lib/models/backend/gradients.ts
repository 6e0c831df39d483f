/**
 * Gradient fixes that make second-order gradients (a WGAN-GP penalty: the gradient of
 * a gradient norm) correct in TensorFlow.js 4.22, on every backend.
 *
 * 1. **Missing gradients of comparisons.** `Greater` (used by LeakyReLU's gradient),
 *    `Less`, `LessEqual`, `Equal`, `NotEqual` and the logical ops have no registered
 *    gradient, so differentiating LeakyReLU's gradient throws. Their gradient is zero
 *    almost everywhere; zero gradients are registered.
 * 2. **Saved outputs drop terms silently.** tfjs saves an op's *output* for its
 *    gradient by cloning it while the op runs, i.e. *before* the op's own tape node is
 *    recorded. In a nested gradient the clone's tape node therefore comes first, the
 *    reverse sweep visits it after the op, and every term that flows through the saved
 *    output is dropped without an error. The gradients of `Tanh`, `Sigmoid`, `Exp`,
 *    `Elu`, `Softmax`, `LogSoftmax` and `Pow` are re-registered to also save their
 *    input and, when a tape is recording (a nested gradient), to recompute the output
 *    from it; first-order gradients keep using the saved output (no extra work).
 *    `Max`, `Min` and `MaxPool` also save outputs, but only feed them to `Equal` (zero
 *    derivative), so nothing is lost there.
 *
 * Ops on a conv critic's path (`Conv2D`, `Conv2DBackpropInput`, `LeakyRelu`, `Reshape`,
 * `Mean`, `Sum`, `Concat`, `BatchMatMul`, `Add`, `Square`, `Sqrt`, fused conv/matmul via
 * `customGrad`) save inputs only and are correct once (1) is applied; see
 * `tests/models/backend/gradients_test.ts`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { registerSecondOrderGradients } from "./gradients.ts";
 * registerSecondOrderGradients();
 * // d²/dx² tanh(x) = -2 tanh(x) (1 - tanh²(x))
 * const g2 = tf.grad(tf.grad((x: tf.Tensor) => tf.tanh(x)));
 * const v = g2(tf.scalar(0.5)).dataSync()[0];
 * const t = Math.tanh(0.5);
 * console.assert(Math.abs(v - -2 * t * (1 - t * t)) < 1e-5);
 * ```
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

type GradFunc = tf.GradConfig["gradFunc"];

let registered = false;

/** True while an (outer) gradient tape records, i.e. inside a nested gradient. */
function tapeRecording(): boolean {
  const state = (tf.engine() as unknown as { state: { gradientDepth: number } }).state;
  return state.gradientDepth > 0;
}

function zeroGrad(kernelName: string, inputNames: readonly string[]): tf.GradConfig {
  const gradFunc: GradFunc = (_dy, saved) => {
    const out: Record<string, () => tf.Tensor> = {};
    inputNames.forEach((name, i) => {
      out[name] = () => tf.zerosLike(saved[i]).toFloat();
    });
    return out;
  };
  return { kernelName, inputsToSave: [...inputNames], gradFunc };
}

/**
 * Output of a single-input op, recomputed from the saved input inside a nested
 * gradient (so the recomputation is recorded on the tape), else the saved output.
 */
function outputOf(saved: tf.Tensor[], recompute: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  const [x, y] = saved;
  return tapeRecording() ? recompute(x) : y;
}

function savedOutputFixes(): tf.GradConfig[] {
  return [
    {
      kernelName: "Tanh",
      inputsToSave: ["x"],
      outputsToSave: [true],
      gradFunc: (dy, saved) => {
        const y = outputOf(saved, (x) => tf.tanh(x));
        return { x: () => tf.mul(tf.sub(tf.scalar(1), tf.square(y)), dy as tf.Tensor) };
      },
    },
    {
      kernelName: "Sigmoid",
      inputsToSave: ["x"],
      outputsToSave: [true],
      gradFunc: (dy, saved) => {
        const y = outputOf(saved, (x) => tf.sigmoid(x));
        return { x: () => tf.mul(dy as tf.Tensor, tf.mul(y, tf.sub(tf.scalar(1), y))) };
      },
    },
    {
      kernelName: "Exp",
      inputsToSave: ["x"],
      outputsToSave: [true],
      gradFunc: (dy, saved) => {
        const y = outputOf(saved, (x) => tf.exp(x));
        return { x: () => tf.mul(dy as tf.Tensor, y) };
      },
    },
    {
      kernelName: "Elu",
      inputsToSave: ["x"],
      gradFunc: (dy, saved) => {
        const [x] = saved;
        // elu'(x) = 1 for x > 0, exp(x) otherwise (alpha = 1 in tfjs).
        return {
          x: () => tf.where(tf.greater(x, 0), dy as tf.Tensor, tf.mul(dy as tf.Tensor, tf.exp(x))),
        };
      },
    },
    {
      kernelName: "Softmax",
      inputsToSave: ["logits"],
      outputsToSave: [true],
      gradFunc: (dy, saved, attrs) => {
        const { dim } = attrs as unknown as { dim: number };
        const y = outputOf(saved, (x) => tf.softmax(x, dim));
        const dyTimesY = tf.mul(dy as tf.Tensor, y);
        return { logits: () => tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, [dim], true), y)) };
      },
    },
    {
      kernelName: "LogSoftmax",
      inputsToSave: ["logits"],
      outputsToSave: [true],
      gradFunc: (dy, saved, attrs) => {
        const { axis } = attrs as unknown as { axis: number };
        const y = outputOf(saved, (x) => tf.logSoftmax(x, axis));
        const d = dy as tf.Tensor;
        return { logits: () => tf.sub(d, tf.mul(tf.sum(d, axis, true), tf.exp(y))) };
      },
    },
    {
      kernelName: "Pow",
      inputsToSave: ["a", "b"],
      outputsToSave: [true],
      gradFunc: (dy, saved) => {
        const [a, b, ySaved] = saved;
        const d = dy as tf.Tensor;
        const outShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
        const reduceTo = (t: tf.Tensor, shape: number[]) => {
          const axes = tf.broadcast_util.getReductionAxes(shape, outShape);
          return tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, shape);
        };
        return {
          a: () => {
            const bf = tf.cast(b, "float32");
            return reduceTo(tf.mul(d, tf.mul(bf, tf.pow(a, tf.sub(bf, tf.scalar(1))))), a.shape);
          },
          b: () => {
            const y = tapeRecording() ? tf.pow(a, b) : ySaved;
            const logA = tf.where(tf.greater(a, 0), tf.log(a), tf.zerosLike(a));
            return reduceTo(tf.mul(d, tf.mul(y, logA)), b.shape);
          },
        };
      },
    },
  ];
}

/**
 * Registers the gradient fixes (idempotent, process-wide, all backends). Called by
 * `setupBackend()`; call it directly when using tfjs without `setupBackend()`.
 */
export function registerSecondOrderGradients(): void {
  if (registered) return;
  registered = true;
  const zeros: tf.GradConfig[] = [
    zeroGrad("Greater", ["a", "b"]),
    zeroGrad("Less", ["a", "b"]),
    zeroGrad("LessEqual", ["a", "b"]),
    zeroGrad("Equal", ["a", "b"]),
    zeroGrad("NotEqual", ["a", "b"]),
    zeroGrad("LogicalAnd", ["a", "b"]),
    zeroGrad("LogicalOr", ["a", "b"]),
    zeroGrad("LogicalNot", ["x"]),
  ];
  for (const config of [...zeros, ...savedOutputFixes()]) tf.registerGradient(config);
}

/** Kernel names whose gradients {@link registerSecondOrderGradients} (re)registers. */
export const FIXED_GRADIENT_KERNELS: readonly string[] = [
  "Greater",
  "Less",
  "LessEqual",
  "Equal",
  "NotEqual",
  "LogicalAnd",
  "LogicalOr",
  "LogicalNot",
  "Tanh",
  "Sigmoid",
  "Exp",
  "Elu",
  "Softmax",
  "LogSoftmax",
  "Pow",
];
