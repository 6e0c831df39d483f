/** Cost-weighted assignment of the figure units to shards (lib/experiments/shards.ts). */
import { deepStrictEqual, ok, throws } from "node:assert/strict";
import { FIGURE_STEPS, figureConfigs } from "../../lib/experiments/all_figures.ts";
import {
  assignUnits,
  type FigureUnit,
  figureUnits,
  unitsOfShard,
} from "../../lib/experiments/shards.ts";

const unit = (key: string, cost: number): FigureUnit => ({
  step: "wczf",
  key,
  at: [],
  cost,
});

function loads(units: readonly FigureUnit[], count: number): number[] {
  const load = new Array<number>(count).fill(0);
  assignUnits(units, count).forEach((s, j) => load[s] += units[j].cost);
  return load;
}

Deno.test("assignUnits: every unit once, deterministic, within Graham's 4/3 bound", () => {
  const costs = [74, 74, 74, 9, 9, 18, 27, 54, 7, 7, 7, 5, 5, 40, 40];
  const units = costs.map((c, j) => unit(`u${j}`, c));
  for (const count of [1, 2, 3, 4, 8, 20]) {
    const shardOf = assignUnits(units, count);
    deepStrictEqual(shardOf, assignUnits(units, count), "deterministic");
    ok(shardOf.every((s) => Number.isInteger(s) && s >= 0 && s < count));
    const keys = Array.from(
      { length: count },
      (_, s) => unitsOfShard(units, { index: s, count }).map((u) => u.key),
    ).flat().sort();
    deepStrictEqual(keys, units.map((u) => u.key).sort(), "each unit in exactly one shard");
    const total = costs.reduce((a, b) => a + b, 0);
    const lowerBound = Math.max(total / count, ...costs);
    ok(Math.max(...loads(units, count)) <= (4 / 3) * lowerBound + 1e-9, `count ${count}`);
  }
});

Deno.test("assignUnits beats round robin when the expensive units line up", () => {
  // Round robin over 2 shards would give shard 0 every 100-s unit.
  const units = [100, 1, 100, 1, 100, 1, 100, 1].map((c, j) => unit(`u${j}`, c));
  deepStrictEqual(loads(units, 2), [202, 202]);
});

Deno.test("assignUnits names a bad count", () => {
  throws(() => assignUnits([unit("a", 1)], 0), /count must be a positive integer/);
});

Deno.test("figureUnits: paper preset units have positive finite costs, A scales density", () => {
  const units = figureUnits(figureConfigs("paper", 1), FIGURE_STEPS);
  ok(units.length > 50);
  ok(units.every((u) => Number.isFinite(u.cost) && u.cost > 0), "positive costs");
  const density = units.filter((u) => u.step === "density");
  const a = (u: FigureUnit) => u.at[0];
  const small = density.find((u) => a(u) === Math.min(...density.map(a)))!;
  const large = density.find((u) => a(u) === Math.max(...density.map(a)))!;
  ok(Math.abs(large.cost / small.cost - a(large) / a(small)) < 1e-12, "cost proportional to A");
});
