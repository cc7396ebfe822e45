import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/connection.ts';
import { inTenant } from '../../../db/tenant-scope.ts';
import { Invalid } from '../../../errors.ts';
import type { Logger } from '../../../observability/logger.ts';
import type { EventBus } from '../../../realtime/event-bus.ts';
import type { InboxCrypto } from '../../conversations/inbound.ts';
import { publishInbound } from '../../conversations/live-events.ts';
import { channelEndpoints } from '../../conversations/schema.ts';
import { receiveEmail } from './inbound-email.ts';
import { type InboundEmail, PermanentRefusal, startSmtpListener } from './smtp-listener.ts';

/**
 * The clinics' inbound email: the built-in SMTP listener takes mail for the addresses registered
 * as email channel endpoints (and refuses any other address while the sender is still
 * connected), and each message goes into the inbox of the clinic it was sent to.
 */

export interface EmailInboxDependencies {
  database: Database;
  crypto: InboxCrypto;
  events: EventBus;
  attachmentMaxBytes: number;
}

/**
 * The largest message the listener reads: room for one attachment of the largest size kept
 * (base64 makes files a third bigger) and the text around it, so a bigger attachment still
 * arrives and is dropped with a note rather than the whole message bouncing.
 */
export function inboundMessageMaxBytes(attachmentMaxBytes: number): number {
  return 2 * attachmentMaxBytes + 1024 * 1024;
}

/**
 * The organisation that receives mail at this address, if any. Read before any tenant is known
 * (the address is how we learn it), like the SMS webhook's number.
 */
export async function organizationReceivingAt(
  database: Database,
  address: string,
): Promise<string | undefined> {
  const [endpoint] = await database.orm
    .select({ organizationId: channelEndpoints.organizationId })
    .from(channelEndpoints)
    .where(
      and(
        eq(channelEndpoints.channel, 'email'),
        sql`lower(${channelEndpoints.address}) = ${address.toLowerCase()}`,
      ),
    )
    .limit(1);
  return endpoint?.organizationId;
}

/** Stores an email in the inbox of each clinic address it was sent to, and tells their desks. */
export async function deliverEmail(
  deps: EmailInboxDependencies,
  email: InboundEmail,
  recipients: readonly string[],
): Promise<void> {
  for (const address of new Set(recipients.map((recipient) => recipient.toLowerCase()))) {
    const organizationId = await organizationReceivingAt(deps.database, address);
    // Refused at RCPT TO already; only an address removed since then gets here.
    if (!organizationId) continue;
    const result = await inTenant(deps.database, organizationId, (orm) =>
      receiveEmail(orm, deps.crypto, organizationId, email, {
        endpointAddress: address,
        attachmentMaxBytes: deps.attachmentMaxBytes,
      }),
    ).catch((error: unknown) => {
      // Nothing to answer (no sender address): sending it again would not help.
      if (error instanceof Invalid)
        throw new PermanentRefusal(`This message cannot be answered: ${error.message}`);
      throw error;
    });
    await publishInbound(deps.events, result);
  }
}

/** Starts the built-in SMTP listener for the clinics' email endpoints. */
export function startEmailInbox(
  deps: EmailInboxDependencies & { listen: { host: string; port: number }; logger: Logger },
) {
  return startSmtpListener({
    host: deps.listen.host,
    port: deps.listen.port,
    maxMessageBytes: inboundMessageMaxBytes(deps.attachmentMaxBytes),
    acceptsRecipient: async (address) =>
      (await organizationReceivingAt(deps.database, address)) !== undefined,
    onMessage: (email, recipients) => deliverEmail(deps, email, recipients),
    onFailure: (error) =>
      deps.logger.warn(
        { err: error },
        'an inbound email (or its connection) failed; a sending server retries what was not taken',
      ),
  });
}
