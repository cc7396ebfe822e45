import type { z } from 'zod';
import { Invalid } from '../../errors.ts';

/**
 * Parses a service's input with its contract schema. Routes validate first; this keeps a
 * service called from elsewhere (the demo seed, a script) to the same rules, and turns a
 * refusal into the one error model (400 naming each field) rather than a crash.
 */
export function validInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  place = 'body',
): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new Invalid(
    'Some fields are missing or not valid; see details.',
    parsed.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? `${place}.${issue.path.join('.')}` : place,
      message: issue.message,
    })),
  );
}
