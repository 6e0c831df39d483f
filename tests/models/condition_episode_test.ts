/**
 * `apConditions` (on the optimized `linearRows`) against the kept reference
 * (`condition_reference.ts`, on the reference linear features), bit for bit, over whole
 * episodes: consecutive sync slots, skipped and repeated slots, histories alternating,
 * estimation noise, and the same conditions after another episode was conditioned.
 */
import assert from "node:assert/strict";
import type { ComplexMatrix } from "../../lib/core/mod.ts";
import type { Episode } from "../../lib/mobility/mod.ts";
import {
  type ApConditionOptions,
  apConditions,
  type ModelDims,
} from "../../lib/models/condition.ts";
import { episodeHistory } from "../../lib/twin/history.ts";
import { referenceApConditions } from "./condition_reference.ts";
import { TINY, TINY_LINEAR, tinyEpisode } from "./_setup.ts";

/** Every value the same (`Object.is`: -0 and +0 differ). */
function assertSameValues(a: ArrayLike<number>, b: ArrayLike<number>, what: string) {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.fail(`${what}[${i}]: ${a[i]} !== ${b[i]}`);
  }
}

function views(episode: Episode, estimationSnrDb = Infinity) {
  const cache = new Map<number, ComplexMatrix[]>();
  return (syncSlot: number) => episodeHistory(episode, { syncSlot, cache, estimationSnrDb });
}

function assertSameConditions(
  view: (s: number) => ReturnType<typeof episodeHistory>,
  s: number,
  options: ApConditionOptions,
  label: string,
) {
  const history = view(s);
  const got = apConditions(history, options);
  const want = referenceApConditions(history, options);
  assert.equal(got.length, want.length, label);
  got.forEach((g, b) => {
    assertSameValues(g.slots, want[b].slots, `${label} AP ${b} slots`);
    assertSameValues(g.rf, want[b].rf, `${label} AP ${b} rf`);
    assertSameValues(g.scales, want[b].scales, `${label} AP ${b} scales`);
  });
}

const CASES: { dims: ModelDims; linear: ApConditionOptions["linear"]; aps?: number[] }[] = [
  { dims: TINY, linear: TINY_LINEAR },
  { dims: { ...TINY, tau: 3, T: 1, E: 3 }, linear: { ...TINY_LINEAR, fitSlots: 5 } },
  { dims: { ...TINY, T: 5, E: 5 }, linear: { order: 3, fitSlots: 6 }, aps: [1] },
  // the shipped linear settings (order 6 on 10 slots) with tau = 10
  { dims: { ...TINY, tau: 10, T: 1, E: 5 }, linear: { order: 6, fitSlots: 10 } },
];

Deno.test("apConditions equals the reference at every slot of an episode, clean and noisy", () => {
  const episode = tinyEpisode(2);
  for (const snr of [Infinity, 15]) {
    const view = views(episode, snr);
    for (const c of CASES) {
      const first = (c.linear.fitSlots ?? 10) - 1;
      for (let s = first; s < episode.slotCount; s++) {
        assertSameConditions(view, s, c, `snr ${snr} ${JSON.stringify(c)} slot ${s}`);
      }
    }
  }
});

Deno.test("apConditions equals the reference with skipped slots, alternating histories and a new episode", () => {
  const a = views(tinyEpisode(3)), noisy = views(tinyEpisode(3), 5), b = views(tinyEpisode(4));
  const order = [9, 11, 10, 10, 17, 23, 12, 20, 20, 15];
  for (const c of CASES) {
    const label = JSON.stringify(c);
    const first = (c.linear.fitSlots ?? 10) - 1;
    for (const s of order.filter((s) => s >= first)) {
      assertSameConditions(a, s, c, `a ${label} slot ${s}`);
      assertSameConditions(noisy, s, c, `noisy ${label} slot ${s}`);
    }
    // then a whole other episode, after the conditions of the first
    for (let s = first; s < 24; s++) assertSameConditions(b, s, c, `b ${label} slot ${s}`);
  }
});
