import { Anchor, Card, SimpleGrid, Stack, Text } from '@mantine/core';
import type { StaffRoleName } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../app/page-title.ts';
import { PageHeading } from '../ui/PageHeading.tsx';
import type { AdminSection } from './admin-sections.ts';
import { OrganizationOverview } from './OrganizationOverview.tsx';

/** The sections a supervisor or compliance officer may use, each with what it is for. */
function SectionIndex({ sections }: { sections: readonly AdminSection[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <PageHeading title={t('admin.pageTitle')} intro={t('adminNav.homeIntro')} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {sections.map((section) => (
          <Card key={section.id} withBorder padding="md">
            <Anchor component={Link} to={`/admin/${section.path}`} fw={650}>
              {t(`adminNav.${section.id}`)}
            </Anchor>
            <Text size="sm" c="dimmed" mt={4}>
              {t(`adminNav.about.${section.id}`)}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

/** /admin: the organisation's overview for administrators, the list of sections for others. */
export function AdminHome({ role, sections }: { role: StaffRoleName; sections: readonly AdminSection[] }) {
  const { t } = useTranslation();
  usePageTitle(t('admin.pageTitle'));
  return role === 'admin' ? <OrganizationOverview /> : <SectionIndex sections={sections} />;
}
