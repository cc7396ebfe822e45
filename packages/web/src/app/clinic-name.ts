import type { PublicOrganization } from '@patientdesk/contracts';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiRequestError, callApi } from '../api/client.ts';
import { useStaffSession } from './staff-session.tsx';

const storageKey = 'patientdesk.clinic';

// One request per clinic per page load, however many parts of the page ask (header, sign-in form).
const lookups = new Map<string, Promise<PublicOrganization>>();

function lookUpClinic(slug: string): Promise<PublicOrganization> {
  let lookup = lookups.get(slug);
  if (!lookup) {
    lookup = callApi<PublicOrganization>('GET', `/api/public/organizations/${encodeURIComponent(slug)}`);
    lookups.set(slug, lookup);
    // A dropped connection is worth another try later; a clinic that does not exist is not.
    lookup.catch((error) => {
      if (error instanceof ApiRequestError && error.code === 'unreachable') lookups.delete(slug);
    });
  }
  return lookup;
}

/** Remembers for this visit the clinic a person named (a patient typing its short name). */
export function rememberClinic(slug: string): void {
  globalThis.sessionStorage?.setItem(storageKey, slug);
}

export interface ClinicFromLink {
  /** The short name from `?clinic=` or remembered for this visit; undefined when none is known. */
  slug: string | undefined;
  /** The clinic's public profile, once found. */
  clinic: PublicOrganization | undefined;
  /** True when the short name matches no clinic. */
  unknown: boolean;
}

/**
 * The clinic named by the link a person followed (`/portal?clinic=demo`, `/desk?clinic=demo`),
 * remembered for the visit, with its public profile.
 */
export function useClinicFromLink(): ClinicFromLink {
  const [searchParams] = useSearchParams();
  const slug = searchParams.get('clinic') ?? globalThis.sessionStorage?.getItem(storageKey) ?? undefined;
  const [found, setFound] = useState<{ slug: string; clinic?: PublicOrganization }>();

  useEffect(() => {
    if (!slug || found?.slug === slug) return;
    lookUpClinic(slug).then(
      (clinic) => {
        sessionStorage.setItem(storageKey, clinic.slug);
        setFound({ slug, clinic });
      },
      // An unknown clinic in a link only means the page cannot name the clinic.
      () => {
        sessionStorage.removeItem(storageKey);
        setFound({ slug });
      },
    );
  }, [slug, found?.slug]);

  const current = found && found.slug === slug ? found : undefined;
  return { slug, clinic: current?.clinic, unknown: Boolean(current && !current.clinic) };
}

/**
 * The name of the clinic this visit is about, when known: the signed-in staff member's own, or
 * the one named by the link a patient followed (`/portal?clinic=demo`), remembered for the visit.
 */
export function useClinicName(): string | undefined {
  const { state } = useStaffSession();
  const { clinic } = useClinicFromLink();
  if (state.status === 'signed-in') return state.staff.organization.name;
  return clinic?.name;
}
