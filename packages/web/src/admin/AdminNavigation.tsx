import { NavLink, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { AdminSection } from './admin-sections.ts';

/** The side navigation of /admin, listing only the sections this staff member may use. */
export function AdminNavigation({ sections }: { sections: readonly AdminSection[] }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const isHome = pathname === '/admin' || pathname === '/admin/';
  const links = [
    { to: '/admin', label: t('adminNav.home'), active: isHome, key: 'home' },
    ...sections.map((section) => {
      const to = `/admin/${section.path}`;
      return { to, label: t(`adminNav.${section.id}`), active: pathname.startsWith(to), key: section.id };
    }),
  ];
  return (
    <Stack component="nav" aria-label={t('adminNav.label')} gap={2}>
      {links.map((link) => (
        <NavLink
          key={link.key}
          component={Link}
          to={link.to}
          label={link.label}
          active={link.active}
          aria-current={link.active ? 'page' : undefined}
        />
      ))}
    </Stack>
  );
}
