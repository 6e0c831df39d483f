import assert from "node:assert/strict";
import { createRng } from "../../lib/core/mod.ts";
import { proactivePower, reactivePower } from "../../lib/energy/mod.ts";

const db = (x: number) => 10 * Math.log10(x);

Deno.test("proactivePower never violates the predicted target + margin when feasible", () => {
  const rng = createRng(15).stream("controller");
  for (let trial = 0; trial < 200; trial++) {
    const H = 1 + Math.floor(rng.uniform() * 3), K = 1 + Math.floor(rng.uniform() * 6);
    const pred = Array.from(
      { length: H },
      () => Array.from({ length: K }, () => 8 + 25 * rng.uniform()),
    );
    const active = Array.from({ length: K }, () => rng.uniform() < 0.8);
    const targetDb = Array.from({ length: K }, () => 5 * rng.uniform());
    const marginDb = 3 * rng.uniform();
    const d = proactivePower({ predictedSinrFullPowerDb: pred, targetDb, marginDb, active });
    assert.ok(d.feasible);
    assert.ok(d.powerFraction >= 0 && d.powerFraction <= 1);
    let tight = active.some((a) => a) ? -Infinity : 0;
    pred.forEach((row) =>
      row.forEach((s, k) => {
        if (!active[k]) return;
        const slack = s + db(d.powerFraction) - (targetDb[k] + marginDb);
        assert.ok(slack >= -1e-9, `trial ${trial}: user ${k} short by ${-slack} dB`);
        tight = Math.max(tight, -slack);
      })
    );
    // minimal: the binding user sits exactly on target + margin
    if (active.some((a) => a)) assert.ok(Math.abs(tight) < 1e-9);
  }
});

Deno.test("proactivePower: discrete levels round up; no active user gives 0 (sleep)", () => {
  const d = proactivePower({
    predictedSinrFullPowerDb: [[13]],
    targetDb: 5,
    marginDb: 2, // needs 10^(-0.6) = 0.251
    levels: [0.1, 0.25, 0.5, 1],
  });
  assert.equal(d.powerFraction, 0.5);
  assert.ok(Math.abs(d.requiredFraction - 10 ** -0.6) < 1e-12);
  const none = proactivePower({
    predictedSinrFullPowerDb: [[1, 2]],
    targetDb: 5,
    marginDb: 0,
    active: [false, false],
  });
  assert.equal(none.powerFraction, 0);
  assert.equal(none.bindingUser, -1);
  assert.ok(none.feasible);
});

Deno.test("proactivePower uses full power when infeasible, and says so", () => {
  const d = proactivePower({
    predictedSinrFullPowerDb: [[20, 3], [20, -Infinity]],
    targetDb: 5,
    marginDb: 1,
  });
  assert.equal(d.powerFraction, 1);
  assert.equal(d.feasible, false);
  assert.deepEqual(d.infeasibleUsers, [1]);
  assert.match(d.reason, /users 1 miss target/);
  assert.match(d.reason, /full power used/);
});

Deno.test("power saving is monotone: smaller margin, no more power", () => {
  const pred = [[12, 18, 9], [14, 16, 11]];
  let last = Infinity;
  for (const marginDb of [6, 5, 4, 3, 2, 1, 0.5, 0]) {
    const d = proactivePower({ predictedSinrFullPowerDb: pred, targetDb: 3, marginDb });
    assert.ok(d.powerFraction <= last, `margin ${marginDb}`);
    assert.ok(d.powerFraction < last || last === Infinity);
    last = d.powerFraction;
  }
  for (const levels of [[0.125, 0.25, 0.5, 1]]) {
    let prev = Infinity;
    for (const marginDb of [8, 4, 2, 1, 0]) {
      const p = proactivePower({ predictedSinrFullPowerDb: pred, targetDb: 3, marginDb, levels });
      assert.ok(p.powerFraction <= prev);
      prev = p.powerFraction;
    }
  }
});

Deno.test("reactivePower refers the last measurement to full power", () => {
  // measured 10 dB at half power -> about 13 dB at full power; target 5 + margin 2
  const r = reactivePower({
    measuredSinrDb: [10, 20],
    lastPowerFraction: 0.5,
    targetDb: 5,
    marginDb: 2,
  });
  const p = proactivePower({
    predictedSinrFullPowerDb: [[10 - db(0.5), 20 - db(0.5)]],
    targetDb: 5,
    marginDb: 2,
  });
  assert.ok(Math.abs(r.powerFraction - p.powerFraction) < 1e-12);
  assert.equal(r.bindingUser, 0);
});

Deno.test("controller: bad input errors name the argument", () => {
  const base = { targetDb: 5, marginDb: 1 };
  assert.throws(() => proactivePower({ ...base, predictedSinrFullPowerDb: [] }), /predictedSinr/);
  assert.throws(
    () => proactivePower({ ...base, predictedSinrFullPowerDb: [[1, NaN]] }),
    /predictedSinrFullPowerDb\[0\]\[1\]/,
  );
  assert.throws(
    () => proactivePower({ ...base, predictedSinrFullPowerDb: [[1, 2], [1]] }),
    /predictedSinrFullPowerDb\[1\] has 1 users/,
  );
  assert.throws(
    () => proactivePower({ ...base, marginDb: -1, predictedSinrFullPowerDb: [[1]] }),
    /marginDb must be >= 0/,
  );
  assert.throws(
    () => proactivePower({ ...base, levels: [0, 1], predictedSinrFullPowerDb: [[1]] }),
    /levels\[0\]/,
  );
  assert.throws(
    () => proactivePower({ ...base, active: [true], predictedSinrFullPowerDb: [[1, 2]] }),
    /active has 1 users/,
  );
  assert.throws(
    () => reactivePower({ ...base, measuredSinrDb: [1], lastPowerFraction: 0 }),
    /lastPowerFraction must be in/,
  );
  assert.throws(
    () => reactivePower({ ...base, measuredSinrDb: [NaN], lastPowerFraction: 1 }),
    /measuredSinrDb\[0\]/,
  );
});
