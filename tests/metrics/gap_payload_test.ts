import assert from "node:assert/strict";
import { controlPayloadBytes, gapClosure } from "../../lib/metrics/mod.ts";

Deno.test("gap closure for higher- and lower-is-better metrics, with guards", () => {
  assert.equal(gapClosure({ baseline: 2, proposed: 8, oracle: 10 }), 0.75);
  assert.ok(Math.abs(gapClosure({ baseline: 0.4, proposed: 0.2, oracle: 0.1 }) - 2 / 3) < 1e-15);
  assert.equal(gapClosure({ baseline: 2, proposed: 12, oracle: 10 }), 1.25);
  assert.ok(Number.isNaN(gapClosure({ baseline: 5, proposed: 6, oracle: 5 })));
  assert.ok(Number.isNaN(gapClosure({ baseline: 5, proposed: 6, oracle: 5.1 }, { minGap: 0.2 })));
  assert.ok(Number.isNaN(gapClosure({ baseline: -Infinity, proposed: 6, oracle: 8 })));
  assert.throws(
    () => gapClosure({ baseline: 1, proposed: "2" as unknown as number, oracle: 3 }),
    /proposed must be a number/,
  );
});

Deno.test("control payload: formula and the paper's K = 30, Nt = 64 case", () => {
  const size = { apCount: 3, ueCount: 30, antennaCount: 64 };
  const iq = controlPayloadBytes(size);
  assert.equal(iq.weightBits, 30 * 64 * 2 * 8);
  assert.equal(iq.scalarBits, 30 * 24 + 3 * 32);
  assert.equal(iq.bytes, 3840 + 90 + 12);
  const oneCode = controlPayloadBytes(size, { componentsPerWeight: 1 });
  assert.equal(oneCode.bytes, 1920 + 90 + 12); // 2022 B, the paper's "≈ 2.1 kB"
  // weights do not depend on A (zones partition the UEs); only the per-AP scalars do
  const a12 = controlPayloadBytes({ ...size, apCount: 12 });
  assert.equal(a12.weightBits, iq.weightBits);
  assert.equal(a12.bytes - iq.bytes, 9 * 4);
  assert.equal(
    controlPayloadBytes({ apCount: 1, ueCount: 1, antennaCount: 1 }, {
      weightBits: 3,
      componentsPerWeight: 1,
      perUeScalarBits: 0,
      perApScalarBits: 0,
    }).bytes,
    1,
  );
  assert.throws(() => controlPayloadBytes({ ...size, antennaCount: 0 }), /antennaCount/);
});
