import { Anchor, Button, Group, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { useStaffSession } from './staff-session.tsx';

export function AppHeader() {
  const { t } = useTranslation();
  const { state, signOut } = useStaffSession();
  const staff = state.status === 'signed-in' ? state.staff : undefined;
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Anchor component={Link} to="/" underline="never" c="white">
          <Title order={2} size="h4" c="white">
            {t('common.appName')}
          </Title>
        </Anchor>
        {staff && (
          <Text c="white" size="sm" visibleFrom="sm">
            {staff.organization.name}
          </Text>
        )}
      </Group>
      <Group gap="sm" wrap="nowrap">
        {staff && (
          <nav aria-label={t('common.mainNavigation')}>
            <Group gap="xs">
              <Anchor component={Link} to="/desk" c="white" size="sm">
                {t('common.desk')}
              </Anchor>
              {staff.role === 'admin' && (
                <Anchor component={Link} to="/admin" c="white" size="sm">
                  {t('common.admin')}
                </Anchor>
              )}
            </Group>
          </nav>
        )}
        <LanguageSwitch />
        {staff && (
          <>
            <Text c="white" size="sm" visibleFrom="md">
              {staff.displayName} · {t(`roles.${staff.role}`)}
            </Text>
            <Button variant="white" size="xs" onClick={() => void signOut()}>
              {t('common.signOut')}
            </Button>
          </>
        )}
      </Group>
    </Group>
  );
}
