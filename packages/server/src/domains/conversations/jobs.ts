import { and, isNull, lt } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import type { JobDefinition } from '../../jobs/queue.ts';
import { messageAttachments } from './schema.ts';

/** An upload no reply took within this time was abandoned (the agent removed it or left). */
export const unsentUploadLifetimeMs = 24 * 3_600_000;

/**
 * Deletes files agents uploaded to a conversation but never sent: they hold patient documents
 * that no message points to, so keeping them has no use and only adds to what a leak exposes.
 */
export async function sweepUnsentUploads(orm: Orm, now = new Date()): Promise<{ deleted: number }> {
  const deleted = await orm
    .delete(messageAttachments)
    .where(
      and(
        isNull(messageAttachments.messageId),
        lt(messageAttachments.createdAt, new Date(now.getTime() - unsentUploadLifetimeMs)),
      ),
    )
    .returning({ id: messageAttachments.id });
  return { deleted: deleted.length };
}

export const sweepUnsentUploadsJob: JobDefinition<{ now?: string }> = {
  name: 'sweep-unsent-uploads',
  schedule: () => '35 * * * *',
  async run(payload, { database }) {
    return sweepUnsentUploads(database.orm, payload.now ? new Date(payload.now) : new Date());
  },
};
