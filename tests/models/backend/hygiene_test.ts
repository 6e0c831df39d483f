import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { BACKENDS, randn, useBackend, WASM_TEST } from "./_helpers.ts";

for (const backend of BACKENDS) {
  Deno.test({
    name: `training steps with a gradient penalty do not leak tensors (${backend})`,
    ...WASM_TEST,
    fn: async () => {
      await useBackend(backend);
      const w1 = tf.variable(randn([3, 3, 2, 4], 41, 0.3));
      const w2 = tf.variable(randn([4 * 4 * 4, 1], 42, 0.3));
      const gamma = tf.variable(tf.ones([4]));
      const beta = tf.variable(tf.zeros([4]));
      const vars = [w1, w2, gamma, beta];
      const opt = tf.train.adam(1e-3, 0.5, 0.9);
      const x = randn([4, 8, 8, 2], 43) as tf.Tensor4D;
      const critic = (xx: tf.Tensor) => {
        let h: tf.Tensor = tf.conv2d(xx as tf.Tensor4D, w1 as tf.Tensor4D, 2, "same");
        const { mean, variance } = tf.moments(h, [0, 1, 2]);
        h = tf.leakyRelu(tf.batchNorm(h, mean, variance, beta, gamma, 1e-3), 0.2);
        return tf.matMul(tf.reshape(h, [4, -1]), w2);
      };
      const step = () =>
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => {
            const g = tf.grad((xx: tf.Tensor) => tf.sum(critic(xx)))(x);
            const gp = tf.mean(tf.square(tf.sub(tf.sqrt(tf.sum(tf.square(g), [1, 2, 3])), 1)));
            return tf.add(tf.mean(critic(x)), tf.mul(gp, 10)) as tf.Scalar;
          }, vars);
          opt.applyGradients(grads as tf.NamedTensorMap as Record<string, tf.Variable>);
          return value.dataSync()[0];
        });
      step(); // warm-up creates the optimizer state
      const warm = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) step();
      assert.equal(tf.memory().numTensors, warm);
      opt.dispose();
      tf.dispose([...vars, x]);
    },
  });
}
