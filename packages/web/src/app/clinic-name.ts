import type { PublicOrganization } from '@patientdesk/contracts';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { callApi } from '../api/client.ts';
import { useStaffSession } from './staff-session.tsx';

const storageKey = 'patientdesk.clinic';

/**
 * The name of the clinic this visit is about, when known: the signed-in staff member's own, or
 * the one named by the link a patient followed (`/portal?clinic=demo`), remembered for the visit.
 */
export function useClinicName(): string | undefined {
  const { state } = useStaffSession();
  const [searchParams] = useSearchParams();
  const slug = searchParams.get('clinic') ?? globalThis.sessionStorage?.getItem(storageKey) ?? undefined;
  const [publicName, setPublicName] = useState<{ slug: string; name: string }>();

  useEffect(() => {
    if (!slug || publicName?.slug === slug) return;
    callApi<PublicOrganization>('GET', `/api/public/organizations/${encodeURIComponent(slug)}`).then(
      (organization) => {
        sessionStorage.setItem(storageKey, organization.slug);
        setPublicName({ slug: organization.slug, name: organization.name });
      },
      // An unknown clinic in a link only means the header shows no clinic name.
      () => sessionStorage.removeItem(storageKey),
    );
  }, [slug, publicName?.slug]);

  if (state.status === 'signed-in') return state.staff.organization.name;
  return publicName && publicName.slug === slug ? publicName.name : undefined;
}
