import assert from "node:assert/strict";
import {
  decodeNpy,
  encodeNpy,
  encodeNpyHeader,
  NPY_DTYPES,
  type NpyArray,
  type NpyDtype,
  NpyFormatError,
  readNpy,
  writeNpy,
} from "../../lib/dataset/mod.ts";
import { fromFileUrl, joinPath } from "../../lib/core/mod.ts";

const FIXTURES = fromFileUrl(new URL("./fixtures/", import.meta.url));

function makeArray(dtype: NpyDtype, shape: number[]): NpyArray {
  const n = shape.reduce((a, b) => a * b, 1) * (dtype === "<c8" ? 2 : 1);
  const values = Array.from({ length: n }, (_, i) => (i * 37) % 251 - (dtype === "|u1" ? 0 : 100));
  const data = dtype === "<f4" || dtype === "<c8"
    ? Float32Array.from(values, (v) => v / 4)
    : dtype === "<i4"
    ? Int32Array.from(values, (v) => v * 1000)
    : dtype === "|u1"
    ? Uint8Array.from(values)
    : Float64Array.from(values, (v) => v / 3);
  return { dtype, shape, data } as NpyArray;
}

Deno.test("npy: round trip of every dtype, scalar, 1-D and 3-D shapes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const dtype of NPY_DTYPES) {
      for (const shape of [[], [7], [1], [2, 3, 4], [0, 3]]) {
        const array = makeArray(dtype, shape);
        const bytes = encodeNpy(array);
        const back = decodeNpy(bytes);
        assert.equal(back.dtype, dtype);
        assert.deepEqual(back.shape, shape);
        assert.deepEqual(Array.from(back.data), Array.from(array.data));
        const path = joinPath(dir, `a.npy`);
        await writeNpy(path, array);
        const fromFile = await readNpy(path);
        assert.deepEqual(Array.from(fromFile.data), Array.from(array.data));
        assert.equal(fromFile.data.constructor, array.data.constructor);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("npy: header is 64-byte aligned, ends with newline, uses tuple syntax", () => {
  for (const dtype of NPY_DTYPES) {
    for (const shape of [[], [5], [2, 3], [1000, 3, 30, 64]]) {
      const h = encodeNpyHeader(dtype, shape);
      assert.equal(h.length % 64, 0, `${dtype} ${shape}`);
      assert.equal(h[h.length - 1], 0x0a);
      const text = new TextDecoder("latin1").decode(h.subarray(10));
      const tuple = shape.length === 0
        ? "()"
        : shape.length === 1
        ? `(${shape[0]},)`
        : `(${shape.join(", ")})`;
      assert.ok(text.includes(`'shape': ${tuple}`), text);
      assert.ok(text.includes(`'descr': '${dtype}'`));
      assert.ok(text.includes("'fortran_order': False"));
      assert.equal(h[6], 1);
      assert.equal(h[7], 0);
      assert.equal(h[8] | (h[9] << 8), h.length - 10);
    }
  }
});

Deno.test("npy: headers equal NumPy's byte for byte, and NumPy-written files are read", async () => {
  const cases: [string, NpyDtype, number[], number[]][] = [
    ["numpy_f4_2x3.npy", "<f4", [2, 3], [0, 0.5, 1, 1.5, 2, 2.5]],
    ["numpy_c8_4.npy", "<c8", [4], [0, 3, 1, 2, 2, 1, 3, 0]],
    ["numpy_i4_2x2x2.npy", "<i4", [2, 2, 2], [-4, -3, -2, -1, 0, 1, 2, 3]],
    ["numpy_u1_5.npy", "|u1", [5], [0, 1, 2, 254, 255]],
    ["numpy_f8_scalar.npy", "<f8", [], [3.25]],
  ];
  for (const [file, dtype, shape, values] of cases) {
    const bytes = await Deno.readFile(joinPath(FIXTURES, file));
    const a = decodeNpy(bytes, { name: file });
    assert.equal(a.dtype, dtype);
    assert.deepEqual(a.shape, shape);
    assert.deepEqual(Array.from(a.data), values);
    const header = encodeNpyHeader(dtype, shape);
    assert.deepEqual(bytes.subarray(0, header.length), header, `header of ${file}`);
    assert.deepEqual(encodeNpy(a), bytes, `whole file ${file}`);
  }
});

Deno.test("npy: rejects Fortran order and big-endian files, naming file and field", async () => {
  const f = joinPath(FIXTURES, "numpy_f4_fortran.npy");
  await assert.rejects(readNpy(f), (e: Error) => {
    assert.ok(e instanceof NpyFormatError);
    assert.match(e.message, /numpy_f4_fortran\.npy.*fortran_order/);
    return true;
  });
  const b = joinPath(FIXTURES, "numpy_f4_bigendian.npy");
  await assert.rejects(readNpy(b), /numpy_f4_bigendian\.npy.*descr.*>f4/);
});

Deno.test("npy: truncated, corrupted and mismatched files fail with the file name", () => {
  const bytes = encodeNpy(makeArray("<f4", [4, 3]));
  const name = "dir/x.npy";
  // data truncated by one byte
  assert.throws(() => decodeNpy(bytes.subarray(0, bytes.length - 1), { name }), (e: Error) => {
    assert.ok(e instanceof NpyFormatError);
    assert.equal(e.file, name);
    assert.equal(e.field, "data");
    assert.match(e.message, /dir\/x\.npy: npy data: truncated/);
    return true;
  });
  // header truncated
  assert.throws(
    () => decodeNpy(bytes.subarray(0, 40), { name }),
    /dir\/x\.npy: npy header: truncated/,
  );
  // trailing bytes
  const longer = new Uint8Array(bytes.length + 4);
  longer.set(bytes);
  assert.throws(() => decodeNpy(longer, { name }), /dir\/x\.npy: npy data: trailing bytes/);
  // bad magic
  const bad = bytes.slice();
  bad[1] = 0x58;
  assert.throws(() => decodeNpy(bad, { name }), /dir\/x\.npy: npy magic/);
  // unknown version
  const v9 = bytes.slice();
  v9[6] = 9;
  assert.throws(
    () => decodeNpy(v9, { name }),
    /dir\/x\.npy: npy version: unsupported format version 9\.0/,
  );
  // corrupted shape digit in the header -> byte length mismatch
  const text = new TextDecoder("latin1").decode(bytes.subarray(0, 128));
  const pos = text.indexOf("(4, 3)") + 1;
  const corrupt = bytes.slice();
  corrupt[pos] = "5".charCodeAt(0);
  assert.throws(() => decodeNpy(corrupt, { name }), /dir\/x\.npy: npy data: truncated.*\(5, 3\)/);
  // expected dtype / shape
  assert.throws(
    () => decodeNpy(bytes, { name, dtype: "<i4" }),
    /npy descr: expected <i4, file has <f4/,
  );
  assert.throws(
    () => decodeNpy(bytes, { name, shape: [3, 4] }),
    /npy shape: expected \(3, 4\), file has \(4, 3\)/,
  );
});

Deno.test("npy: encode rejects inconsistent arrays naming the argument", () => {
  assert.throws(
    () => encodeNpy({ dtype: "<f4", shape: [3], data: new Float32Array(2) }),
    (e: Error) => e instanceof RangeError && /array\.data has 2 numbers/.test(e.message),
  );
  assert.throws(
    () => encodeNpy({ dtype: "<i4", shape: [2], data: new Float32Array(2) } as unknown as NpyArray),
    (e: Error) => e instanceof TypeError && /array\.data has the wrong typed array/.test(e.message),
  );
  assert.throws(
    () => encodeNpy({ dtype: "<c8", shape: [2], data: new Float32Array(2) }),
    /needs 4/,
  );
});

Deno.test("npy: NumPy loads what we write (skipped without python3 + numpy + run permission)", async () => {
  const python = "/usr/bin/python3";
  const permitted =
    Deno.permissions.querySync({ name: "run", command: python }).state === "granted";
  if (!permitted) return;
  try {
    await Deno.stat(python);
  } catch {
    return;
  }
  const probe = await new Deno.Command(python, { args: ["-c", "import numpy"], stderr: "null" })
    .output();
  if (!probe.success) return;
  const dir = await Deno.makeTempDir();
  try {
    const arrays = NPY_DTYPES.map((d, i) => makeArray(d, i % 2 ? [5] : [2, 3, 2]));
    for (const [i, a] of arrays.entries()) await writeNpy(joinPath(dir, `${i}.npy`), a);
    const script = `
import numpy as np, json, sys
out = []
for i in range(${arrays.length}):
    a = np.load(sys.argv[1] + '/%d.npy' % i)
    flat = a.reshape(-1)
    if np.iscomplexobj(flat):
        flat = np.stack([flat.real, flat.imag], axis=-1).reshape(-1)
    out.append({'dtype': a.dtype.str, 'shape': list(a.shape), 'data': [float(x) for x in flat]})
print(json.dumps(out))`;
    const res = await new Deno.Command(python, { args: ["-c", script, dir] }).output();
    assert.ok(res.success, new TextDecoder().decode(res.stderr));
    const loaded = JSON.parse(new TextDecoder().decode(res.stdout));
    for (const [i, a] of arrays.entries()) {
      assert.equal(loaded[i].dtype, a.dtype);
      assert.deepEqual(loaded[i].shape, a.shape);
      assert.deepEqual(loaded[i].data, Array.from(a.data));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("npy: Python-literal header of a scalar and a 1-D shape, data right after it", () => {
  const bytes = encodeNpy({ dtype: "<f4", shape: [3], data: new Float32Array([1.5, -2, 3]) });
  const headerEnd = 10 + new DataView(bytes.buffer).getUint16(8, true);
  assert.equal(headerEnd % 64, 0);
  const text = new TextDecoder("latin1").decode(bytes.subarray(10, headerEnd));
  assert.match(text, /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(3,\), \} *\n$/);
  assert.deepEqual(
    new Float32Array(bytes.slice(headerEnd).buffer),
    new Float32Array([1.5, -2, 3]),
  );
  const scalar = decodeNpy(encodeNpy({ dtype: "<i4", shape: [], data: new Int32Array([7]) }));
  assert.deepEqual([scalar.dtype, scalar.shape, scalar.data[0]], ["<i4", [], 7]);
});

Deno.test("npy: every shipped checkpoint tensor (data/models/cpu) decodes and re-encodes byte for byte", async () => {
  const root = fromFileUrl(new URL("../../data/models/cpu/", import.meta.url));
  let files = 0;
  for (const model of Deno.readDirSync(root)) {
    if (!model.isDirectory) continue;
    const folder = joinPath(root, model.name);
    const manifest = JSON.parse(await Deno.readTextFile(joinPath(folder, "manifest.json")));
    const entries = [
      ...Object.values(manifest.models),
      ...Object.values(manifest.optimizers),
    ].flat() as { file: string; shape: number[]; dtype: "float32" | "int32" }[];
    for (const entry of entries) {
      const path = joinPath(folder, entry.file);
      const bytes = await Deno.readFile(path);
      const array = decodeNpy(bytes, {
        name: path,
        dtype: entry.dtype === "int32" ? "<i4" : "<f4",
        shape: entry.shape,
      });
      assert.deepEqual(encodeNpy(array), bytes, path);
      files++;
    }
  }
  assert.ok(files >= 20, `expected the shipped cgan and lstm tensors, found ${files}`);
});
