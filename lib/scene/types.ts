/**
 * The scene schema: what a JSON file under `data/scenes/` contains once validated.
 * All lengths in metres, angles in degrees, powers in dBm, frequencies in Hz.
 * Every solid is an axis-aligned box; the room is the inside of a box.
 *
 * @module
 */
import type { Vec3 } from "../core/mod.ts";

/**
 * Names of the materials a scene may use: the ITU-R P.2040 (Table 3) materials. The
 * paper's Table I covers concrete, glass and wood (and metal as a near-perfect conductor).
 */
export type MaterialName =
  | "concrete"
  | "glass"
  | "wood"
  | "metal"
  | "brick"
  | "plasterboard"
  | "ceilingboard"
  | "chipboard"
  | "floorboard";

/** Which material parameter set to use: Table I of the paper, or ITU-R P.2040. */
export type MaterialSet = "paper" | "itu";

/** An axis-aligned box, `min < max` on every axis. */
export interface Box {
  readonly min: Vec3;
  readonly max: Vec3;
}

/** How a solid interacts with rays. */
export type ObjectKind =
  /** A thin slab (glass or wood) that reflects and also lets rays through (slab transmission). */
  | "partition"
  /** An opaque solid (desk, cabinet, pillar): reflects, blocks. */
  | "furniture";

/** One solid of the scene. */
export interface SceneObject {
  readonly id: string;
  readonly kind: ObjectKind;
  readonly material: MaterialName;
  /** Extent; for a partition its thinnest side is the slab thickness. */
  readonly box: Box;
}

/** An 8 x 8 (or other) uniform planar array, elements spaced in wavelengths. */
export interface ArraySpec {
  /** Elements along the array's horizontal axis (n_H). */
  readonly horizontal: number;
  /** Elements along the array's vertical axis (n_V). */
  readonly vertical: number;
  /** Element spacing in wavelengths (0.5 for half-wavelength). */
  readonly spacingWavelengths: number;
}

/** A ceiling-mounted access point. */
export interface AccessPoint {
  readonly id: string;
  /** Array phase centre, m. */
  readonly position: Vec3;
  /**
   * Orientation of the array: its broadside (boresight) direction, a unit vector
   * (for a ceiling mount facing the floor: `[0, 0, -1]`), and the array's horizontal
   * axis (unit, orthogonal to the boresight).
   */
  readonly boresight: Vec3;
  readonly horizontalAxis: Vec3;
  readonly array: ArraySpec;
  readonly txPowerDbm: number;
}

/** The room: the inside of a box, walls of a given thickness and materials. */
export interface Room {
  /** Interior size `[x, y, z]`, m; the room spans `[0, size]` on each axis. */
  readonly size: Vec3;
  readonly wallMaterial: MaterialName;
  readonly wallThicknessM: number;
  readonly floorMaterial: MaterialName;
  readonly ceilingMaterial: MaterialName;
}

/** A validated scene. */
export interface Scene {
  readonly name: string;
  readonly description: string;
  readonly carrierFrequencyHz: number;
  readonly bandwidthHz: number;
  readonly noiseFigureDb: number;
  /** Height of user equipment (hand-held), m. */
  readonly ueHeightM: number;
  readonly room: Room;
  readonly objects: readonly SceneObject[];
  readonly accessPoints: readonly AccessPoint[];
  /** Named zones (for the paper's "one AP per zone"), optional, as floor rectangles. */
  readonly zones: readonly { readonly id: string; readonly box: Box }[];
}

/** Electrical parameters of a material at one frequency. */
export interface MaterialParameters {
  readonly name: MaterialName;
  /** Real relative permittivity eps_r'. */
  readonly relativePermittivity: number;
  /** Conductivity, S/m. */
  readonly conductivitySPerM: number;
  /** Which set these came from. */
  readonly set: MaterialSet;
}

/**
 * One planar face of the scene, axis-aligned: the set of points with
 * `p[axis] === coordinate` inside the rectangle `[uMin, uMax] x [vMin, vMax]` on the
 * two other axes (`u` the lower-numbered, `v` the higher-numbered).
 */
export interface Face {
  /** Stable id, e.g. "wall:x0", "glass-1:+y". */
  readonly id: string;
  readonly objectId: string;
  readonly material: MaterialName;
  /** 0 = x, 1 = y, 2 = z. */
  readonly axis: 0 | 1 | 2;
  readonly coordinate: number;
  readonly uMin: number;
  readonly uMax: number;
  readonly vMin: number;
  readonly vMax: number;
  /**
   * Which side of the plane the face looks into (the side rays can reflect from):
   * `+1` when it faces the increasing `axis` direction, `-1` for decreasing, `0` for
   * both sides (partitions). E.g. the room wall at x = 0 has `facing: 1` (it faces the
   * interior); the +x face of a cabinet has `facing: 1`; its -x face `facing: -1`.
   */
  readonly facing: 1 | -1 | 0;
  /**
   * Slab thickness a ray crosses when it passes through this face, m; `null` for an
   * opaque face (walls, floor, ceiling, furniture), which blocks every ray.
   */
  readonly penetrableThicknessM: number | null;
}
