import assert from "node:assert/strict";
import {
  deriveSeeds,
  formatSpread,
  reproductionRows,
  spread,
  summarizeDensity,
  summarizeRecovery,
  toCsv,
  toCsvDanfo,
  withoutRareEventFlag,
} from "../../lib/experiments/mod.ts";

Deno.test("spread: median, quartiles, range; NaN dropped, Infinity kept", () => {
  const s = spread([3, NaN, 1, 2, Infinity]);
  assert.equal(s.n, 4);
  assert.equal(s.min, 1);
  assert.equal(s.max, Infinity);
  assert.equal(s.median, 2.5);
  assert.equal(spread([NaN]).n, 0);
});

Deno.test("deriveSeeds: distinct per offset, RangeError on bad args", () => {
  assert.deepEqual(deriveSeeds(2, 2, { offset: 5 }), [2005, 2006]);
  assert.throws(() => deriveSeeds(1, 0), RangeError);
});

Deno.test("danfojs CSV equals the plain CSV writer, quoting and non-finite numbers included", async () => {
  const rows = [{ a: 1, b: 'x,"y"', c: NaN }, { a: 0.1 + 0.2, c: -Infinity, d: true }];
  assert.equal(await toCsvDanfo(rows), toCsv(rows));
  assert.equal(toCsv(rows), 'a,b,c,d\n1,"x,""y""",NaN,\n0.30000000000000004,,-Infinity,true\n');
});

Deno.test("summaries: density spread per (A, scheme, metric); recovery counts unrecovered", () => {
  const d = summarizeDensity([
    {
      apCount: 2,
      uesPerAp: 15,
      seed: 1,
      scheme: "baseline",
      medianSinrDb: 1,
      outage10SinrDb: -1,
      maxUesPerAp: 15,
    },
    {
      apCount: 2,
      uesPerAp: 15,
      seed: 2,
      scheme: "baseline",
      medianSinrDb: 3,
      outage10SinrDb: 0,
      maxUesPerAp: 16,
    },
  ]);
  assert.deepEqual(d.map((r) => [r.metric, r.median]), [["median", 2], ["outage10", -0.5]]);
  const r = summarizeRecovery([
    {
      seed: 1,
      ue: 0,
      scheme: "oracle",
      recoveryMs: 40,
      dropDb: 5,
      preLevelDb: 20,
      peakBodyLossDb: 10,
    },
    {
      seed: 2,
      ue: 3,
      scheme: "oracle",
      recoveryMs: Infinity,
      dropDb: 7,
      preLevelDb: 20,
      peakBodyLossDb: 10,
    },
  ]);
  assert.equal(r[0].recovered, 1);
  assert.equal(r[0].seeds, 2);
  const rows = reproductionRows({});
  assert.ok(rows.every((x) => typeof x.reason === "string"));
  assert.equal(rows.find((x) => x.scheme === "genai-dt")!.ours, "not run");
});

Deno.test("formatSpread: infinities print as inf (T_rec never recovered)", () => {
  assert.equal(
    formatSpread(spread([200, Infinity, Infinity]), { digits: 0 }),
    "inf [200, inf] (n=3)",
  );
  assert.equal(formatSpread(spread([1.25, 2])), "1.6 [1.3, 2.0] (n=2)");
});

Deno.test("withoutRareEventFlag hides the flag and nothing else", async () => {
  let seen = -1;
  const p = withoutRareEventFlag({
    name: "x",
    trajectories: 1,
    predict(h) {
      seen = h.rareEvent(0);
      return [[h.channels(0)]];
    },
  });
  await p.predict({
    syncSlot: 0,
    apCount: 1,
    ueCount: 1,
    antennaCount: 1,
    channels: () => [],
    rareEvent: () => 1,
  }, 1);
  assert.equal(seen, 0);
  assert.equal(p.name, "x-noflag");
});
