/**
 * TensorFlow.js backend layer: backend selection ({@link setupBackend}), second-order
 * gradient fixes and wasm training kernels. Import this before building models:
 *
 * ```ts ignore
 * import { setupBackend, shutdownBackend } from "./mod.ts";
 * const info = await setupBackend(); // wasm + SIMD + threads where available
 * // ... train ...
 * await shutdownBackend(); // or Deno.exit(): wasm worker threads keep the process alive
 * ```
 *
 * @module
 */
export {
  type BackendChoice,
  type BackendInfo,
  type BackendOptions,
  currentBackend,
  MAX_WASM_THREADS,
  setupBackend,
  shutdownBackend,
  workerStubSource,
} from "./setup.ts";
export { FIXED_GRADIENT_KERNELS, registerSecondOrderGradients } from "./gradients.ts";
export {
  conv2DBackpropFilterWasm,
  conv2DBackpropInputWasm,
  fusedBatchNormGradConfig,
  registerWasmKernels,
} from "./kernels_wasm.ts";
