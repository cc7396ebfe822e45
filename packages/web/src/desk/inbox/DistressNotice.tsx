import { Alert, List, Text } from '@mantine/core';
import type { ConversationSummary } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';

/**
 * Shown above the thread when the contact's messages show distress (anger, fear, grief,
 * shouting, writing again and again): slow down, with a short tip for each kind.
 */
export function DistressNotice({ conversation }: { conversation: ConversationSummary }) {
  const { t, i18n } = useTranslation();
  if (conversation.distress.length === 0) return null;
  const language = i18n.language.startsWith('es') ? 'es' : 'en';
  return (
    <Alert
      color="grape"
      variant="light"
      p="xs"
      title={t('triage.distress.title', {
        kinds: conversation.distress.map((kind) => t(`triage.distress.kind.${kind}`)).join(', '),
      })}
    >
      <List size="sm" spacing={2}>
        {conversation.distressTips.map((tip) => (
          <List.Item key={tip.kind}>
            <Text size="sm" span>
              {tip.tip[language]}
            </Text>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
