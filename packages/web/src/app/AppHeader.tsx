import { Anchor, Box, Burger, Button, Group, rem, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { usePortalSession } from '../portal/portal-session.tsx';
import { AvailabilitySelect } from './AvailabilitySelect.tsx';
import { useClinicName } from './clinic-name.ts';
import { HeaderMenu } from './HeaderMenu.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { staffSectionsFor } from './staff-sections.ts';
import { useStaffSession } from './staff-session.tsx';

/*
 * One row at every width, and the sign-out never shrinks or leaves the screen. What does not fit
 * goes into the menu: the staff sections and availability below Mantine's lg breakpoint (75em;
 * narrower, a supervisor's eight sections in Spanish would need three lines beside the
 * controls), and the language too on a phone (below xs, 36em: at 320 px, WCAG 1.4.10, only the
 * name of the app, the menu and "Cerrar sesión" fit side by side).
 */
const sectionsFrom = 'lg';
const languageFrom = 'xs';

export function AppHeader() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const { state, signOut } = useStaffSession();
  const portal = usePortalSession();
  const staffClinicOrLink = useClinicName();
  const [menuOpen, setMenuOpen] = useState(false);
  const signedInStaff = state.status === 'signed-in' ? state.staff : undefined;
  const patient = portal.state.status === 'signed-in' ? portal.state.user : undefined;
  const clinicName = patient?.organization.name ?? staffClinicOrLink;
  // Until two-step sign-in is set up the server refuses staff work, so the header offers none.
  const staff = signedInStaff?.mfa.enrollmentRequired ? undefined : signedInStaff;
  const who = signedInStaff
    ? `${signedInStaff.displayName} · ${t(`roles.${signedInStaff.role}`)}`
    : patient?.displayName;
  // Choosing a section in the menu is done with it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new address is the signal to close.
  useEffect(() => setMenuOpen(false), [pathname]);
  return (
    <Group h="100%" px={{ base: 'sm', xs: 'md' }} justify="space-between" wrap="nowrap" gap="sm">
      <Group gap="md" wrap="nowrap" miw={0}>
        {/* Not a heading: each page's own h1 comes first in the outline. */}
        <Anchor
          component={Link}
          to="/"
          underline="hover"
          c="white"
          fw={700}
          fz={{ base: 'md', xs: 'lg' }}
          style={{ flexShrink: 0 }}
        >
          {t('common.appName')}
        </Anchor>
        {clinicName && (
          // Only the room the sections leave (a few letters at least, the whole name at most): they wrap only when they must.
          <Text
            c="white"
            size="sm"
            visibleFrom="sm"
            truncate
            style={{ flex: '1 1 0', minWidth: rem(80), maxWidth: 'max-content' }}
          >
            {clinicName}
          </Text>
        )}
        {staff && (
          <Group
            component="nav"
            aria-label={t('common.mainNavigation')}
            gap="sm"
            // Eight sections in Spanish may take two lines on a narrow desktop; both fit the bar.
            style={{ rowGap: 0 }}
            visibleFrom={sectionsFrom}
          >
            {staffSectionsFor(staff.role).map((section) => (
              <Anchor key={section.to} component={Link} to={section.to} c="white" size="sm">
                {t(section.label)}
              </Anchor>
            ))}
          </Group>
        )}
      </Group>
      <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
        {staff && (
          <>
            {/* Below xl the sections need the room; the menu and the desk's greeting name the person. */}
            <Text c="white" size="sm" visibleFrom="xl" truncate maw={240}>
              {who}
            </Text>
            <Box visibleFrom={sectionsFrom}>
              <AvailabilitySelect availability={staff.availability} />
            </Box>
          </>
        )}
        {patient && (
          <Text c="white" size="sm" visibleFrom="md">
            {who}
          </Text>
        )}
        {/* Signed out there is no menu, and the language alone fits beside the name of the app. */}
        <Box visibleFrom={who ? languageFrom : undefined}>
          <LanguageSwitch />
        </Box>
        {who && (
          <Burger
            color="white"
            size="sm"
            opened={menuOpen}
            onClick={() => setMenuOpen((open) => !open)}
            aria-label={t('common.menu')}
            aria-expanded={menuOpen}
            hiddenFrom={staff ? sectionsFrom : languageFrom}
          />
        )}
        {signedInStaff && (
          <Button variant="white" size="xs" onClick={() => void signOut()} style={{ flexShrink: 0 }}>
            {t('common.signOut')}
          </Button>
        )}
        {patient && (
          <Button variant="white" size="xs" onClick={() => void portal.signOut()} style={{ flexShrink: 0 }}>
            {t('common.signOut')}
          </Button>
        )}
      </Group>
      {who && (
        <HeaderMenu
          opened={menuOpen}
          onClose={() => setMenuOpen(false)}
          who={who}
          clinicName={clinicName}
          staff={staff}
        />
      )}
    </Group>
  );
}
