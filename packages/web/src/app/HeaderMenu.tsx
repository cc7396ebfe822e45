import { Drawer, NavLink, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { SignedInStaff } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { AvailabilitySelect } from './AvailabilitySelect.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { type StaffSection, staffSectionsFor } from './staff-sections.ts';

/** The section the page belongs to: the longest address that starts the path ("/desk" only for itself). */
function currentSection(sections: StaffSection[], pathname: string): StaffSection | undefined {
  return sections
    .filter((section) => pathname === section.to || pathname.startsWith(`${section.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0];
}

/**
 * What the header holds that does not fit beside the sign-out on a narrow screen: who is signed
 * in, the clinic, the staff sections and availability, and on a phone the language. A drawer
 * (a dialog: the keyboard stays in it until it is closed with Escape or the close button).
 */
export function HeaderMenu({
  opened,
  onClose,
  who,
  clinicName,
  staff,
}: {
  opened: boolean;
  onClose(): void;
  /** The person signed in, as the header names them. */
  who: string;
  clinicName: string | undefined;
  /** Staff who may work (two-step sign-in set up): their sections and availability. */
  staff: SignedInStaff | undefined;
}) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  // The same width as the header's own language switch hides at (Mantine's xs breakpoint).
  const languageInHeader = useMediaQuery('(min-width: 36em)', true, { getInitialValueInEffect: false });
  const sections = staff ? staffSectionsFor(staff.role) : [];
  const current = currentSection(sections, pathname);
  return (
    <Drawer.Root opened={opened} onClose={onClose} position="right" size="xs">
      <Drawer.Overlay />
      <Drawer.Content>
        {/* A plain element: a <header> here would be a second "banner" beside the page's own. */}
        <Drawer.Header component="div">
          <Drawer.Title>{t('common.menu')}</Drawer.Title>
          <Drawer.CloseButton aria-label={t('common.closeMenu')} />
        </Drawer.Header>
        <Drawer.Body>
          <Stack gap="md">
            <div>
              <Text fw={600}>{who}</Text>
              {clinicName && (
                <Text size="sm" c="dimmed">
                  {clinicName}
                </Text>
              )}
            </div>
            {sections.length > 0 && (
              <nav aria-label={t('common.mainNavigation')}>
                {sections.map((section) => (
                  <NavLink
                    key={section.to}
                    component={Link}
                    to={section.to}
                    label={t(section.label)}
                    active={section === current}
                    aria-current={section === current ? 'page' : undefined}
                  />
                ))}
              </nav>
            )}
            {staff && <AvailabilitySelect availability={staff.availability} visibleLabel />}
            {!languageInHeader && <LanguageSwitch visibleLabel />}
          </Stack>
        </Drawer.Body>
      </Drawer.Content>
    </Drawer.Root>
  );
}
