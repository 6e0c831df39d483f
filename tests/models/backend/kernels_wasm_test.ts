import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { maxRelErr, randn, useBackend, WASM_TEST } from "./_helpers.ts";

type Pad = "same" | "valid";
/** [x shape, filter shape, stride, padding] */
const CASES: [number[], number[], number | [number, number], Pad][] = [
  [[2, 30, 64, 3], [3, 3, 3, 8], 2, "same"],
  [[2, 30, 64, 3], [3, 3, 3, 8], 1, "same"],
  [[1, 15, 32, 8], [3, 3, 8, 4], 2, "same"],
  [[1, 7, 9, 2], [4, 4, 2, 5], 2, "same"],
  [[1, 7, 9, 2], [3, 5, 2, 5], [2, 1], "valid"],
  [[3, 15, 32, 4], [1, 1, 4, 6], 1, "same"],
  [[2, 8, 8, 4], [5, 5, 4, 3], 3, "same"],
];

/** Conv gradients (dx via Conv2DBackpropInput, dW via Conv2DBackpropFilter) on a backend. */
async function convGrads(
  backend: "cpu" | "wasm",
  xs: number[],
  fs: number[],
  s: number | [number, number],
  pad: Pad,
) {
  await useBackend(backend);
  return tf.tidy(() => {
    const x = randn(xs, 1) as tf.Tensor4D;
    const w = randn(fs, 2) as tf.Tensor4D;
    const dy = randn(tf.conv2d(x, w, s, pad).shape, 3);
    const loss = (xx: tf.Tensor, ww: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, s, pad), dy));
    const [gx, gw] = tf.grads(loss)([x, w]);
    // Transposed conv forward runs Conv2DBackpropInput too.
    const t = tf.conv2dTranspose(
      dy as tf.Tensor4D,
      w,
      xs as [number, number, number, number],
      s,
      pad,
    );
    return { gx: gx.dataSync(), gw: gw.dataSync(), t: t.dataSync() };
  });
}

Deno.test({
  name: "wasm Conv2DBackpropFilter / Conv2DBackpropInput match the cpu kernels",
  ...WASM_TEST,
  fn: async () => {
    let worst = 0;
    for (const [xs, fs, s, pad] of CASES) {
      const cpu = await convGrads("cpu", xs, fs, s, pad);
      const wasm = await convGrads("wasm", xs, fs, s, pad);
      const label = `x ${xs} w ${fs} stride ${s} ${pad}`;
      for (const k of ["gx", "gw", "t"] as const) {
        const e = maxRelErr(wasm[k], cpu[k]);
        worst = Math.max(worst, e);
        assert.ok(e < 1e-5, `${label} ${k}: rel err ${e}`);
      }
    }
    if (Deno.env.get("BACKEND_TEST_VERBOSE")) {
      console.log(`worst conv-gradient rel err ${worst.toExponential(2)}`);
    }
  },
});

Deno.test({
  name: "FusedBatchNorm gradient (broadcasting) matches autodiff of the formula",
  ...WASM_TEST,
  fn: async () => {
    for (const backend of ["cpu", "wasm"] as const) {
      await useBackend(backend);
      tf.tidy(() => {
        const x = randn([4, 5, 6, 3], 31);
        const scale = randn([3], 32);
        const offset = randn([3], 33);
        const dy = randn([4, 5, 6, 3], 34);
        const eps = 1e-3;
        const viaKernel = (xx: tf.Tensor, sc: tf.Tensor, of: tf.Tensor) => {
          const { mean, variance } = tf.moments(xx, [0, 1, 2]);
          return tf.sum(tf.mul(tf.batchNorm(xx, mean, variance, of, sc, eps), dy));
        };
        const viaFormula = (xx: tf.Tensor, sc: tf.Tensor, of: tf.Tensor) => {
          const { mean, variance } = tf.moments(xx, [0, 1, 2]);
          const y = tf.add(
            tf.mul(tf.mul(tf.sub(xx, mean), tf.rsqrt(tf.add(variance, eps))), sc),
            of,
          );
          return tf.sum(tf.mul(y, dy));
        };
        const a = tf.grads(viaKernel)([x, scale, offset]);
        const b = tf.grads(viaFormula)([x, scale, offset]);
        for (let i = 0; i < 3; i++) {
          const e = maxRelErr(a[i].dataSync(), b[i].dataSync());
          assert.ok(e < 1e-4, `${backend} batch-norm grad ${i}: rel err ${e}`);
        }
      });
    }
  },
});
