/**
 * Argument checks shared by every layer. Each throws a `TypeError` (wrong kind
 * of value) or a `RangeError` (right kind, bad value) whose message names the
 * offending argument, so a bad input fails at the API boundary instead of deep
 * inside a numeric loop.
 *
 * @module
 */

/** Throws `TypeError` unless `value` is a finite number. */
export function assertFiniteNumber(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number") {
    throw new TypeError(`${name} must be a number, got ${typeof value}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`${name} must be finite, got ${value}`);
  }
}

/** Throws unless `value` is a finite number strictly greater than zero. */
export function assertPositive(name: string, value: unknown): asserts value is number {
  assertFiniteNumber(name, value);
  if (value <= 0) throw new RangeError(`${name} must be > 0, got ${value}`);
}

/** Throws unless `value` is a finite number greater than or equal to zero. */
export function assertNonNegative(name: string, value: unknown): asserts value is number {
  assertFiniteNumber(name, value);
  if (value < 0) throw new RangeError(`${name} must be >= 0, got ${value}`);
}

/** Throws unless `value` is an integer in `[min, max]` (inclusive). */
export function assertInteger(
  name: string,
  value: unknown,
  range: { min?: number; max?: number } = {},
): asserts value is number {
  assertFiniteNumber(name, value);
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
  const { min = -Infinity, max = Infinity } = range;
  if (value < min || value > max) {
    throw new RangeError(`${name} must be in [${min}, ${max}], got ${value}`);
  }
}
