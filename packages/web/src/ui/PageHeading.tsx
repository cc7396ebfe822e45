import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { usePageTitle } from '../app/page-title.ts';

const headingId = 'admin-page-heading';

/** Where focus goes when the control that had it is gone (a row that was removed). */
export function focusPageHeading(): void {
  document.getElementById(headingId)?.focus();
}

/** The page's h1 (and the browser tab's title), with a line on what the page is for. */
export function PageHeading({
  title,
  intro,
  actions,
}: {
  title: string;
  intro?: string;
  actions?: ReactNode;
}) {
  usePageTitle(title);
  return (
    <Stack gap={4}>
      <Group justify="space-between" align="center">
        <Title order={1} id={headingId} tabIndex={-1}>
          {title}
        </Title>
        {actions}
      </Group>
      {intro && <Text c="dimmed">{intro}</Text>}
    </Stack>
  );
}
