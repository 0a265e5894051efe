import type { FieldError } from './errors.js';

// PostgreSQL refuses U+0000 in text and jsonb; a lone UTF-16 surrogate has no UTF-8 form, so the
// driver would silently store U+FFFD in its place.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL cannot store this text as given, or undefined when it can. */
export function unstorableTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (loneSurrogate.test(text)) return 'must not contain a lone UTF-16 surrogate';
  return undefined;
}

/** A field error for every string (value or key) in plain objects and arrays that PostgreSQL cannot store. */
export function unstorableTextFields(
  value: unknown,
  path: ReadonlyArray<string | number> = [],
): FieldError[] {
  if (typeof value === 'string') {
    const reason = unstorableTextReason(value);
    return reason ? [{ path: path.join('.'), message: reason }] : [];
  }
  if (Array.isArray(value))
    return value.flatMap((item, index) => unstorableTextFields(item, [...path, index]));
  if (!isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const keyReason = unstorableTextReason(key);
    const keyErrors = keyReason
      ? [{ path: [...path, key].join('.'), message: `Field name ${keyReason}` }]
      : [];
    return [...keyErrors, ...unstorableTextFields(item, [...path, key])];
  });
}

// Only JSON-shaped data is walked: a parsed File, Date or Map is not text bound for a column.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
