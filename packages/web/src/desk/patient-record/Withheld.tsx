import { Button, Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Where a section the role may not see would be: says so calmly, and offers to break the glass. */
export function Withheld({ onBreakGlass }: { onBreakGlass(): void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{t('patients.withheld')}</Text>
        <Button size="xs" variant="outline" color="red.9" onClick={onBreakGlass}>
          {t('patients.breakGlass.open')}
        </Button>
      </Group>
    </Paper>
  );
}
