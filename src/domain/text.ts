// Text a client sends is stored as sent or refused with a reason, never silently altered. PostgreSQL
// cannot store U+0000; a lone UTF-16 surrogate cannot be encoded as UTF-8 and would come back as
// U+FFFD; a string of zero-width characters looks empty to every reader while passing `min(1)`.

import { z } from 'zod';

/** A surrogate half without its partner. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * White space and the invisible characters that render as nothing: zero-width space/joiners, word
 * joiner, BOM, soft hyphen, Mongolian vowel separator, and the Unicode white-space class.
 */
const INVISIBLE = /^[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]*$/u;

/** Why `value` cannot be stored as text, or null when it can. */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode: it holds a lone surrogate (an unpaired half of a UTF-16 pair)';
  return null;
}

/** True when the text shows nothing: empty, white space or zero-width characters only. */
export function isBlank(value: string): boolean {
  return INVISIBLE.test(value);
}

/**
 * Text that must say something, at most `max` characters; surrounding white space is dropped. Text
 * of only white space or zero-width characters is empty; text PostgreSQL cannot store as sent (U+0000,
 * a lone surrogate) is refused rather than altered. One rule for the API's inputs and the bundles.
 */
export const textField = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .superRefine((value, ctx) => {
      const problem = textProblem(value) ?? (isBlank(value) ? 'must not be empty (it holds only invisible characters)' : null);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
