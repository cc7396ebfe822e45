import { z } from 'zod';

export const healthResponseSchema = z.object({ status: z.literal('ok') });

export const readinessResponseSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({
    database: z.object({ ok: z.boolean(), message: z.string().optional() }),
    migrations: z.object({ ok: z.boolean(), pending: z.array(z.string()) }),
  }),
});
export type Readiness = z.infer<typeof readinessResponseSchema>;
