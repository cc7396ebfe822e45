import type { AppDependencies } from '../../http/app.ts';
import type { InboundResult } from '../conversations/inbound.ts';
import { publishConversationChange } from '../conversations/live-events.ts';
import { type AssistantResult, assistAfterInbound } from './assist-inbound.ts';

/**
 * What every channel calls once an inbound message is committed and announced: the assistant
 * has its turn, and the desks (and the widget) hear of its answer. A failure of the assistant
 * never fails the message, which is already stored and queued for a person: it is logged.
 */
export function assistantTurn(
  deps: AppDependencies,
): (inbound: InboundResult) => Promise<AssistantResult | null> {
  const assistantDeps = {
    cipher: deps.cipher,
    search: deps.search,
    channels: deps.channels,
    publicUrl: deps.config.publicUrl,
    languageModel: deps.config.assistant.languageModel,
  };
  return async (inbound) => {
    const assisted = await assistAfterInbound(deps.database, assistantDeps, inbound).catch(
      (error: unknown) => {
        deps.logger.error(
          { err: error, conversationId: inbound.conversation.id },
          'the assistant failed; a person will answer',
        );
        return null;
      },
    );
    if (assisted) await publishConversationChange(deps.events, assisted.conversation, 'message');
    return assisted;
  };
}
