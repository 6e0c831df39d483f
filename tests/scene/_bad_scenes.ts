/**
 * The bad scene files (issue 14, "Bad input") as edits of the shipped
 * `data/scenes/lab28.json`, shared by `tests/scene/bad_input_test.ts` (the loader) and
 * `tests/tools/relaunch_test.ts` (the CLI).
 *
 * @module
 */
import { joinPath, repoPath } from "../../lib/core/mod.ts";

// deno-lint-ignore no-explicit-any -- edits of arbitrary JSON paths
type Json = any;

/** A bad input: an edit of lab28.json (or raw text), and what the error must say. */
export interface BadScene {
  readonly name: string;
  readonly edit?: (j: Json) => void;
  /** Replaces the whole file (after the edit), given the edited JSON text. */
  readonly text?: (json: string) => string;
  readonly error: RegExp;
}

/** The bad inputs, as edits of the shipped lab scene (file `bad_lab.json`). */
export const BAD_SCENES: readonly BadScene[] = [
  {
    name: "an AP outside the room",
    edit: (j) => (j.accessPoints[3].position = [10.5, -0.5, 2.5]),
    error: /bad_lab\.json: accessPoints\[3\]\.position\[1\] must lie strictly inside the room/,
  },
  {
    name: "a zero-size room",
    edit: (j) => (j.room.size[2] = 0),
    error: /bad_lab\.json: room\.size\[2\] must be > 0/,
  },
  {
    name: "an unknown material",
    edit: (j) => (j.objects[3].material = "drywall"),
    error: /bad_lab\.json: objects\[3\]\.material must be one of .*plasterboard.*got "drywall"/,
  },
  {
    name: "a non-finite coordinate",
    // JSON has no Infinity: a number too large for a double parses as Infinity.
    text: (s) => s.replace(/"position": \[\s*4,/, '"position": [1e999,'),
    error: /bad_lab\.json: accessPoints\[0\]\.position\[0\] must be a finite number, got Infinity/,
  },
  {
    name: "overlapping APs",
    edit: (j) => (j.accessPoints[1].position = [4.3, 3.5, 2.9]),
    error:
      /bad_lab\.json: accessPoints\[1\]\.position \[4\.3,3\.5,2\.9\] is 0\.3 m from accessPoints\[0\] \("ap1"\): access points must be at least 0\.5 m apart/,
  },
  {
    name: "a carrier outside the material tables",
    edit: (j) => (j.carrierFrequencyHz = 140e9),
    error:
      /bad_lab\.json: carrierFrequencyHz \(140 GHz\) is outside the ITU-R P\.2040 range of plasterboard \(1-100 GHz\) used by room\.wallMaterial/,
  },
  {
    name: "a carrier outside one material's range (brick walls at 28 GHz)",
    edit: (j) => (j.room.wallMaterial = "brick"),
    error:
      /bad_lab\.json: carrierFrequencyHz \(28 GHz\) is outside the ITU-R P\.2040 range of brick \(1-10 GHz\) used by room\.wallMaterial/,
  },
  {
    name: "a file that is not JSON",
    text: () => "name: lab\nroom: [14, 10, 3]\n",
    error: /scene file .*bad_lab\.json is not valid JSON/,
  },
];

/** Writes the bad variant of lab28.json to `dir/bad_lab.json` and returns its path. */
export async function writeBadScene(dir: string, bad: BadScene): Promise<string> {
  const json = JSON.parse(await Deno.readTextFile(repoPath("data", "scenes", "lab28.json")));
  bad.edit?.(json);
  let text = JSON.stringify(json, null, 2);
  if (bad.text) text = bad.text(text);
  const path = joinPath(dir, "bad_lab.json");
  await Deno.writeTextFile(path, text);
  return path;
}
