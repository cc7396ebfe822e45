import { Badge, NativeSelect, NavLink, Stack } from '@mantine/core';
import { type InboxView, inboxViews } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import classes from './inbox.module.css';
import { type QueueFilters, queueLimit, searchOf } from './inbox-query.ts';

export type ViewCounts = Partial<Record<InboxView, number>>;

const shownCount = (count: number) => (count >= queueLimit ? `${queueLimit - 1}+` : String(count));

/** The address of another view, with the same filters and the same conversation open. */
function useViewLink() {
  const { pathname } = useLocation();
  return (filters: QueueFilters, view: InboxView) => `${pathname}${searchOf({ ...filters, view })}`;
}

/** The inbox views, with their counts where they are known without asking (mine, unassigned, this one). */
export function ViewNav({ filters, counts }: { filters: QueueFilters; counts: ViewCounts }) {
  const { t } = useTranslation();
  const linkTo = useViewLink();
  return (
    <Stack gap={2}>
      {inboxViews.map((view) => {
        const count = counts[view];
        return (
          <NavLink
            key={view}
            component={Link}
            to={linkTo(filters, view)}
            label={t(`inbox.views.${view}`)}
            active={filters.view === view}
            aria-current={filters.view === view ? 'page' : undefined}
            rightSection={
              count !== undefined && count > 0 ? (
                <Badge size="sm" variant="light" color="gray" aria-label={t('inbox.views.count', { count })}>
                  {shownCount(count)}
                </Badge>
              ) : undefined
            }
          />
        );
      })}
    </Stack>
  );
}

/** The views as one field, where the screen has no room for the column. */
export function ViewPicker({ filters, counts }: { filters: QueueFilters; counts: ViewCounts }) {
  const { t } = useTranslation();
  const linkTo = useViewLink();
  const navigate = useNavigate();
  return (
    <NativeSelect
      className={classes.viewPicker}
      label={t('inbox.views.picker')}
      value={filters.view}
      onChange={(event) => navigate(linkTo(filters, event.currentTarget.value as InboxView))}
      data={inboxViews.map((view) => ({
        value: view,
        label:
          counts[view] !== undefined
            ? `${t(`inbox.views.${view}`)} (${shownCount(counts[view] ?? 0)})`
            : t(`inbox.views.${view}`),
      }))}
    />
  );
}
