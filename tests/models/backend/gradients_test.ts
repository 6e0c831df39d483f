import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { BACKENDS, randn, useBackend, WASM_TEST } from "./_helpers.ts";

/**
 * A small conditional conv critic built from the ops of the paper's critic path:
 * concat(x, cond) -> conv 3x3/2 + bias -> LeakyReLU(0.2) -> conv 3x3/2 + bias ->
 * LeakyReLU(0.2) -> 1x1 conv score map -> mean, plus a dense head on the reshaped
 * features (matMul + bias).
 */
function makeCritic(seed: number) {
  const v = (shape: number[], k: number, std: number) =>
    tf.variable(randn(shape, seed + k, std), true, `critic_${seed}_${k}`);
  const w = [
    v([3, 3, 3, 4], 1, 0.4), // conv1
    v([4], 2, 0.1),
    v([3, 3, 4, 6], 3, 0.3), // conv2
    v([6], 4, 0.1),
    v([1, 1, 6, 1], 5, 0.4), // score map
    v([2 * 2 * 6, 1], 6, 0.2), // dense head
    v([1], 7, 0.1),
  ];
  const critic = (x: tf.Tensor4D, cond: tf.Tensor4D): tf.Tensor1D => {
    const h0 = tf.concat([x, cond], 3) as tf.Tensor4D;
    const h1 = tf.leakyRelu(tf.add(tf.conv2d(h0, w[0] as tf.Tensor4D, 2, "same"), w[1]), 0.2);
    const h2 = tf.leakyRelu(
      tf.add(tf.conv2d(h1 as tf.Tensor4D, w[2] as tf.Tensor4D, 2, "same"), w[3]),
      0.2,
    ) as tf.Tensor4D;
    const score = tf.mean(tf.conv2d(h2, w[4] as tf.Tensor4D, 1, "same"), [1, 2, 3]);
    const flat = tf.reshape(h2, [h2.shape[0], -1]);
    const head = tf.reshape(tf.add(tf.matMul(flat, w[5]), w[6]), [-1]);
    return tf.add(score, head) as tf.Tensor1D;
  };
  return { weights: w, critic };
}

/** WGAN-GP penalty mean((||dD/dx|| - 1)^2) at fixed interpolates. */
function penalty(
  critic: (x: tf.Tensor4D, c: tf.Tensor4D) => tf.Tensor1D,
  xhat: tf.Tensor4D,
  cond: tf.Tensor4D,
): tf.Scalar {
  const g = tf.grad((x: tf.Tensor) => tf.sum(critic(x as tf.Tensor4D, cond)))(xhat);
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(g), [1, 2, 3]), 1e-12));
  return tf.mean(tf.square(tf.sub(norm, 1)));
}

/** Central finite difference of `f` w.r.t. element `index` of variable `v`, in float64. */
function finiteDifference(f: () => number, v: tf.Variable, index: number, h: number): number {
  const base = v.dataSync().slice();
  const at = (delta: number) => {
    const p = base.slice();
    p[index] += delta;
    v.assign(tf.tensor(p, v.shape));
    return f();
  };
  const plus = at(h);
  const minus = at(-h);
  v.assign(tf.tensor(base, v.shape));
  return (plus - minus) / (2 * h);
}

for (const backend of BACKENDS) {
  Deno.test({
    name: `WGAN-GP penalty gradient matches central finite differences (${backend})`,
    ...WASM_TEST,
    fn: async () => {
      await useBackend(backend);
      const { weights, critic } = makeCritic(100);
      const xhat = randn([3, 6, 8, 2], 11) as tf.Tensor4D;
      const cond = randn([3, 6, 8, 1], 12) as tf.Tensor4D;
      const value = () => tf.tidy(() => penalty(critic, xhat, cond).dataSync()[0]);
      const { grads } = tf.variableGrads(() => penalty(critic, xhat, cond), weights);
      // Kernel entries of every weight layer and the dense head; biases enter the
      // penalty only through LeakyReLU kinks (zero gradient almost everywhere).
      const probes: [number, number][] = [[0, 5], [0, 40], [2, 17], [2, 100], [4, 3], [5, 7], [
        1,
        2,
      ]];
      let worst = 0;
      for (const [wi, index] of probes) {
        const v = weights[wi];
        const analytic = grads[v.name].dataSync()[index];
        const fd = finiteDifference(value, v, index, 2e-3);
        const err = Math.abs(analytic - fd) / Math.max(1e-2, Math.abs(fd));
        worst = Math.max(worst, err);
        assert.ok(
          err < 2e-2,
          `${backend} w${wi}[${index}]: analytic ${analytic} vs finite difference ${fd}`,
        );
        if (wi !== 1) assert.ok(Math.abs(fd) > 1e-3, `probe w${wi}[${index}] is not informative`);
      }
      if (Deno.env.get("BACKEND_TEST_VERBOSE")) {
        console.log(`${backend}: worst FD rel err ${worst.toExponential(2)}`);
      }
      tf.dispose([...Object.values(grads), ...weights, xhat, cond]);
      assert.ok(worst < 2e-2);
    },
  });

  Deno.test({
    name: `nested gradient through tanh/sigmoid/exp matches the analytic value (${backend})`,
    ...WASM_TEST,
    fn: async () => {
      await useBackend(backend);
      // P(w) = (d/dx f(w x))^2 at x0, summed: d/dw of it needs f'' terms that tfjs
      // drops for ops that save outputs (unless re-registered).
      const x0 = 0.7;
      const w0 = 0.9;
      const cases: [
        string,
        (t: tf.Tensor) => tf.Tensor,
        (u: number) => number,
        (u: number) => number,
      ][] = [
        [
          "tanh",
          tf.tanh,
          (u) => 1 - Math.tanh(u) ** 2,
          (u) => -2 * Math.tanh(u) * (1 - Math.tanh(u) ** 2),
        ],
        ["sigmoid", tf.sigmoid, (u) => {
          const s = 1 / (1 + Math.exp(-u));
          return s * (1 - s);
        }, (u) => {
          const s = 1 / (1 + Math.exp(-u));
          return s * (1 - s) * (1 - 2 * s);
        }],
        ["exp", tf.exp, Math.exp, Math.exp],
      ];
      for (const [name, f, d1, d2] of cases) {
        const w = tf.variable(tf.scalar(w0));
        const x = tf.scalar(x0);
        const { grads } = tf.variableGrads(() => {
          const g = tf.grad((xx: tf.Tensor) => tf.sum(f(tf.mul(w, xx))))(x);
          return tf.sum(tf.square(g)) as tf.Scalar;
        }, [w]);
        // P = (w f'(w x))^2; dP/dw = 2 w f' (f' + w x f'')
        const u = w0 * x0;
        const expected = 2 * w0 * d1(u) * (d1(u) + w0 * x0 * d2(u));
        const got = grads[w.name].dataSync()[0];
        assert.ok(
          Math.abs(got - expected) < 1e-5 * Math.max(1, Math.abs(expected)),
          `${name} (${backend}): ${got} vs analytic ${expected}`,
        );
        tf.dispose([w, x, ...Object.values(grads)]);
      }
    },
  });

  Deno.test({
    name:
      `penalty through tf.layers conv/dense (fused kernels) matches finite differences (${backend})`,
    ...WASM_TEST,
    fn: async () => {
      await useBackend(backend);
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({
            inputShape: [6, 8, 2],
            filters: 4,
            kernelSize: 3,
            strides: 2,
            padding: "same",
            kernelInitializer: tf.initializers.randomNormal({ stddev: 0.4, seed: 5 }),
            biasInitializer: tf.initializers.randomNormal({ stddev: 0.1, seed: 6 }),
          }),
          tf.layers.leakyReLU({ alpha: 0.2 }),
          tf.layers.flatten(),
          tf.layers.dense({
            units: 1,
            kernelInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: 7 }),
          }),
        ],
      });
      const xhat = randn([2, 6, 8, 2], 21) as tf.Tensor4D;
      const critic = (x: tf.Tensor4D) =>
        tf.reshape(model.apply(x, { training: true }) as tf.Tensor, [-1]);
      const pen = () => {
        const g = tf.grad((x: tf.Tensor) => tf.sum(critic(x as tf.Tensor4D)))(xhat);
        const norm = tf.sqrt(tf.add(tf.sum(tf.square(g), [1, 2, 3]), 1e-12));
        return tf.mean(tf.square(tf.sub(norm, 1))) as tf.Scalar;
      };
      const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
      const { grads } = tf.variableGrads(pen, vars);
      const value = () => tf.tidy(() => pen().dataSync()[0]);
      for (const [wi, index] of [[0, 7], [0, 50], [2, 9]] as [number, number][]) {
        const analytic = grads[vars[wi].name].dataSync()[index];
        const fd = finiteDifference(value, vars[wi], index, 2e-3);
        assert.ok(
          Math.abs(analytic - fd) < 2e-2 * Math.max(1e-2, Math.abs(fd)),
          `layers ${backend} w${wi}[${index}]: analytic ${analytic} vs finite difference ${fd}`,
        );
      }
      tf.dispose([...Object.values(grads), xhat]);
      model.dispose();
    },
  });
}
