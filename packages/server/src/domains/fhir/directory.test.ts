import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../main.ts';
import { createTestClinic, createTestStaff, signInHeaders } from '../../testing/clinic.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { startTestServer } from '../../testing/test-server.ts';
import { createApiToken } from '../identity/api-tokens.ts';
import { locations } from '../organizations/schema.ts';
import {
  appointmentTypes,
  providerAppointmentTypes,
  providerLocations,
  providers,
} from '../scheduling/schema.ts';
import { assertValidFhir } from './test-schema.ts';

/**
 * The provider directory over FHIR: Practitioner, Location, PractitionerRole and Schedule, read
 * and searched by an API token as an EHR would, every answer valid FHIR R4.
 */

interface Bundle {
  resourceType: 'Bundle';
  type: string;
  total: number;
  link: { relation: string; url: string }[];
  entry?: {
    fullUrl?: string;
    resource: { resourceType: string; id: string } & Record<string, unknown>;
    search: { mode: string };
  }[];
}

describe('the FHIR provider directory', () => {
  let test: TestDatabase;
  let server: RunningServer;
  let token: string;
  let otherToken: string;
  let boston: string;
  let cambridge: string;
  let ruiz: string;
  let chen: string;
  let okafor: string;
  let ruizAtBoston: string;
  let ruizAtCambridge: string;
  let chenAtBoston: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startTestServer(test.database);
    const orm = test.database.orm;
    const clinic = await createTestClinic(orm, 'Harbor Clinic');
    const other = await createTestClinic(orm, 'Other Clinic');
    const agent = await createTestStaff(orm, clinic.id, 'agent');
    const outsider = await createTestStaff(orm, other.id, 'admin');
    token = (
      await createApiToken(orm, {
        organizationId: clinic.id,
        staffMemberId: agent.id,
        name: 'EHR',
        expiresAt: null,
      })
    ).token;
    otherToken = (
      await createApiToken(orm, {
        organizationId: other.id,
        staffMemberId: outsider.id,
        name: 'EHR',
        expiresAt: null,
      })
    ).token;

    const places = await orm
      .insert(locations)
      .values([
        {
          organizationId: clinic.id,
          name: 'Harbor Boston',
          addressLine: '1 Harbor Way',
          city: 'Boston',
          region: 'MA',
          postalCode: '02110',
          country: 'US',
          phone: '+16175550100',
          timeZone: 'America/New_York',
          latitude: 42.35,
          longitude: -71.05,
          businessHours: { 1: [{ start: '08:00', end: '17:00' }], 6: [{ start: '00:00', end: '24:00' }] },
          closedDates: ['2026-12-25'],
        },
        {
          organizationId: clinic.id,
          name: 'Harbor Cambridge',
          city: 'Cambridge',
          region: 'MA',
          timeZone: 'America/New_York',
        },
        {
          organizationId: other.id,
          name: 'Harbor Boston Elsewhere',
          city: 'Boston',
          timeZone: 'America/New_York',
        },
      ])
      .returning();
    boston = places[0]!.id;
    cambridge = places[1]!.id;
    const people = await orm
      .insert(providers)
      .values([
        {
          organizationId: clinic.id,
          givenName: 'Ana',
          familyName: 'Ruiz',
          prefix: 'Dr.',
          credentials: 'MD, MPH',
          sex: 'female',
          npi: '1234567893',
          specialty: 'Family Medicine',
          languages: ['en', 'es'],
          phone: '+16175550111',
          email: 'ruiz@harbor.test',
          photoUrl: 'https://harbor.test/ruiz.jpg',
        },
        {
          organizationId: clinic.id,
          givenName: 'Wei',
          familyName: 'Chen',
          specialty: 'Pediatrics',
          sex: 'male',
        },
        { organizationId: clinic.id, givenName: 'Ngozi', familyName: 'Okafor', specialty: 'Dermatology' },
        { organizationId: other.id, givenName: 'Ana', familyName: 'Ruizova', npi: '1234567893' },
      ])
      .returning();
    [ruiz, chen, okafor] = [people[0]!.id, people[1]!.id, people[2]!.id];
    const roles = await orm
      .insert(providerLocations)
      .values([
        { organizationId: clinic.id, providerId: ruiz, locationId: boston },
        { organizationId: clinic.id, providerId: ruiz, locationId: cambridge, active: false },
        { organizationId: clinic.id, providerId: chen, locationId: boston },
      ])
      .returning();
    ruizAtBoston = roles[0]!.id;
    ruizAtCambridge = roles[1]!.id;
    chenAtBoston = roles[2]!.id;
    const kinds = await orm
      .insert(appointmentTypes)
      .values([
        { organizationId: clinic.id, code: 'new-patient', name: 'New patient visit', durationMinutes: 30 },
        { organizationId: clinic.id, code: 'follow-up', name: 'Follow-up visit', durationMinutes: 15 },
      ])
      .returning();
    await orm.insert(providerAppointmentTypes).values([
      { organizationId: clinic.id, providerId: ruiz, appointmentTypeId: kinds[0]!.id },
      { organizationId: clinic.id, providerId: ruiz, appointmentTypeId: kinds[1]!.id },
      { organizationId: clinic.id, providerId: chen, appointmentTypeId: kinds[1]!.id },
    ]);
  });
  afterAll(async () => {
    await server.close();
    await test.drop();
  });

  async function get(url: string, headers: Record<string, string> = {}, bearer = token) {
    const response = await server.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${bearer}`, ...headers },
    });
    return {
      status: response.statusCode,
      type: String(response.headers['content-type']),
      body: response.json(),
    };
  }

  async function search(url: string, bearer = token): Promise<Bundle> {
    const { status, body } = await get(url, {}, bearer);
    expect(status, JSON.stringify(body)).toBe(200);
    assertValidFhir(body);
    return body as Bundle;
  }
  const ids = (bundle: Bundle) =>
    (bundle.entry ?? []).filter((e) => e.search.mode === 'match').map((e) => e.resource.id);

  it('publishes a CapabilityStatement without sign-in that lists exactly the resource types and parameters served', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/fhir/R4/metadata' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    const statement = response.json();
    assertValidFhir(statement);
    expect(statement).toMatchObject({
      resourceType: 'CapabilityStatement',
      fhirVersion: '4.0.1',
      kind: 'instance',
    });
    const resources = statement.rest[0].resource as { type: string; searchParam: { name: string }[] }[];
    const practitioner = resources.find((resource) => resource.type === 'Practitioner')!;
    expect(practitioner.searchParam.map((p) => p.name)).toEqual(['_id', 'name', 'identifier']);
    const location = resources.find((resource) => resource.type === 'Location')!;
    expect(location.searchParam.map((p) => p.name)).toEqual([
      '_id',
      'name',
      'address-city',
      'address-state',
      'address-postalcode',
    ]);
    expect(resources.map((resource) => resource.type)).toEqual([
      'Practitioner',
      'PractitionerRole',
      'Location',
      'Schedule',
      'Slot',
      'Appointment',
    ]);
    const appointment = resources.find((resource) => resource.type === 'Appointment') as unknown as {
      interaction: { code: string }[];
      searchParam: { name: string }[];
    };
    expect(appointment.interaction.map((interaction) => interaction.code)).toEqual([
      'read',
      'search-type',
      'create',
    ]);
    expect(appointment.searchParam.map((p) => p.name)).toEqual(
      expect.arrayContaining(['patient', 'date', 'status', 'practitioner']),
    );
    const slot = resources.find((resource) => resource.type === 'Slot')!;
    expect(slot.searchParam.map((p) => p.name)).toEqual(
      expect.arrayContaining(['schedule', 'start', 'status', 'service-type']),
    );
  });

  it('reads a Practitioner with NPI, name, languages and contacts, as valid FHIR', async () => {
    const { status, type, body } = await get(`/fhir/R4/Practitioner/${ruiz}`);
    expect(status).toBe(200);
    expect(type).toBe('application/fhir+json; charset=utf-8');
    assertValidFhir(body);
    expect(body).toMatchObject({
      resourceType: 'Practitioner',
      id: ruiz,
      identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }],
      name: [
        {
          family: 'Ruiz',
          given: ['Ana'],
          prefix: ['Dr.'],
          suffix: ['MD', 'MPH'],
          text: 'Dr. Ana Ruiz, MD, MPH',
        },
      ],
      gender: 'female',
      communication: [
        { coding: [{ system: 'urn:ietf:bcp:47', code: 'en' }] },
        { coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }] },
      ],
      telecom: [
        { system: 'phone', value: '+16175550111', use: 'work' },
        { system: 'email', value: 'ruiz@harbor.test', use: 'work' },
      ],
      photo: [{ url: 'https://harbor.test/ruiz.jpg' }],
    });
  });

  it('answers as application/json to a client that asks only for that, and refuses XML with 406', async () => {
    expect((await get(`/fhir/R4/Practitioner/${ruiz}`, { accept: 'application/json' })).type).toBe(
      'application/json; charset=utf-8',
    );
    const xml = await get(`/fhir/R4/Practitioner/${ruiz}`, { accept: 'application/fhir+xml' });
    expect(xml.status).toBe(406);
    assertValidFhir(xml.body);
    expect(xml.body.issue[0].diagnostics).toContain('JSON only');
    expect((await get(`/fhir/R4/Practitioner/${ruiz}?_format=xml`)).status).toBe(406);
  });

  it('searches practitioners by any part of the name, by NPI and by id', async () => {
    expect(ids(await search('/fhir/R4/Practitioner?name=ru'))).toEqual([ruiz]);
    expect(ids(await search('/fhir/R4/Practitioner?name=ana%20ruiz'))).toEqual([ruiz]);
    expect(ids(await search('/fhir/R4/Practitioner?name=chen,okafor'))).toEqual([chen, okafor]);
    expect(ids(await search('/fhir/R4/Practitioner?name:exact=ruiz'))).toEqual([]);
    expect(ids(await search('/fhir/R4/Practitioner?name:exact=Ruiz'))).toEqual([ruiz]);
    expect(ids(await search('/fhir/R4/Practitioner?name:contains=afo'))).toEqual([okafor]);
    expect(ids(await search('/fhir/R4/Practitioner?name=%25'))).toEqual([]);
    expect(
      ids(await search('/fhir/R4/Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|1234567893')),
    ).toEqual([ruiz]);
    expect(ids(await search('/fhir/R4/Practitioner?identifier=1234567893'))).toEqual([ruiz]);
    expect(ids(await search('/fhir/R4/Practitioner?identifier=http://other.example|1234567893'))).toEqual([]);
    expect(ids(await search(`/fhir/R4/Practitioner?_id=${chen},not-a-uuid`))).toEqual([chen]);
  });

  it('pages a search with _count and _offset, with total, self, next and previous links', async () => {
    const first = await search('/fhir/R4/Practitioner?_count=2');
    expect(first).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 3 });
    expect(ids(first)).toEqual([chen, okafor]);
    expect(first.entry![0]!.fullUrl).toBe(`http://localhost:3000/fhir/R4/Practitioner/${chen}`);
    const next = first.link.find((link) => link.relation === 'next')!.url;
    expect(first.link.find((link) => link.relation === 'self')!.url).toBe(
      'http://localhost:3000/fhir/R4/Practitioner?_count=2',
    );
    const second = await search(next.replace('http://localhost:3000', ''));
    expect(ids(second)).toEqual([ruiz]);
    expect(second.link.map((link) => link.relation)).toEqual(['self', 'first', 'previous']);
    const countOnly = await search('/fhir/R4/Practitioner?_count=0');
    expect(countOnly.total).toBe(3);
    expect(countOnly.entry).toEqual([]);
  });

  it('reads and searches locations by name and city, with hours, holidays and time zone', async () => {
    const { body } = await get(`/fhir/R4/Location/${boston}`);
    assertValidFhir(body);
    expect(body).toMatchObject({
      resourceType: 'Location',
      name: 'Harbor Boston',
      status: 'active',
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/timezone', valueCode: 'America/New_York' }],
      address: { line: ['1 Harbor Way'], city: 'Boston', state: 'MA', postalCode: '02110', country: 'US' },
      position: { latitude: 42.35, longitude: -71.05 },
      hoursOfOperation: [
        { daysOfWeek: ['mon'], openingTime: '08:00:00', closingTime: '17:00:00' },
        { daysOfWeek: ['sat'], allDay: true },
      ],
      availabilityExceptions: 'Closed on 2026-12-25.',
    });
    expect(ids(await search('/fhir/R4/Location?address-city=boston'))).toEqual([boston]);
    expect(ids(await search('/fhir/R4/Location?name=harbor&address-city=cam'))).toEqual([cambridge]);
    expect(ids(await search('/fhir/R4/Location?address-postalcode=021'))).toEqual([boston]);
    expect(ids(await search('/fhir/R4/Location?address-state=ma'))).toEqual([boston, cambridge]);
    expect(ids(await search(`/fhir/R4/Location?_id=${cambridge}`))).toEqual([cambridge]);
  });

  it('makes each provider at each location a PractitionerRole, searchable by practitioner, location and specialty', async () => {
    const { body } = await get(`/fhir/R4/PractitionerRole/${ruizAtBoston}`);
    assertValidFhir(body);
    expect(body).toMatchObject({
      resourceType: 'PractitionerRole',
      id: ruizAtBoston,
      active: true,
      practitioner: { reference: `Practitioner/${ruiz}`, display: 'Dr. Ana Ruiz, MD, MPH' },
      location: [{ reference: `Location/${boston}`, display: 'Harbor Boston' }],
      specialty: [
        { coding: [{ code: 'family-medicine', display: 'Family Medicine' }], text: 'Family Medicine' },
      ],
    });
    expect(ids(await search(`/fhir/R4/PractitionerRole?practitioner=Practitioner/${ruiz}`))).toEqual([
      ruizAtBoston,
      ruizAtCambridge,
    ]);
    expect(ids(await search(`/fhir/R4/PractitionerRole?location=${boston}`))).toEqual([
      chenAtBoston,
      ruizAtBoston,
    ]);
    expect(ids(await search('/fhir/R4/PractitionerRole?specialty=pediatrics'))).toEqual([chenAtBoston]);
    expect(ids(await search(`/fhir/R4/PractitionerRole?practitioner=${ruiz}&active=true`))).toEqual([
      ruizAtBoston,
    ]);
    expect(ids(await search(`/fhir/R4/PractitionerRole?_id=${ruizAtCambridge}`))).toEqual([ruizAtCambridge]);
  });

  it('makes the same rows Schedules with the kinds of visit offered, searchable by actor and service type', async () => {
    const { body } = await get(`/fhir/R4/Schedule/${ruizAtBoston}`);
    assertValidFhir(body);
    expect(body).toMatchObject({
      resourceType: 'Schedule',
      id: ruizAtBoston,
      active: true,
      actor: [{ reference: `Practitioner/${ruiz}` }, { reference: `Location/${boston}` }],
      serviceType: [
        { coding: [{ code: 'follow-up', display: 'Follow-up visit' }] },
        { coding: [{ code: 'new-patient', display: 'New patient visit' }] },
      ],
    });
    expect(ids(await search(`/fhir/R4/Schedule?actor=Practitioner/${chen}`))).toEqual([chenAtBoston]);
    expect(ids(await search(`/fhir/R4/Schedule?actor=Location/${boston}`))).toEqual([
      chenAtBoston,
      ruizAtBoston,
    ]);
    expect(ids(await search(`/fhir/R4/Schedule?actor=PractitionerRole/${ruizAtCambridge}`))).toEqual([
      ruizAtCambridge,
    ]);
    expect(ids(await search('/fhir/R4/Schedule?specialty=pediatrics'))).toEqual([chenAtBoston]);
    expect(ids(await search('/fhir/R4/Schedule?active=false'))).toEqual([ruizAtCambridge]);
    expect(ids(await search(`/fhir/R4/Schedule?actor=Location/${boston}&service-type=new-patient`))).toEqual([
      ruizAtBoston,
    ]);
  });

  it('answers an unknown id with 404 and a bad parameter with 400, as OperationOutcomes naming the problem', async () => {
    const missing = await get('/fhir/R4/Practitioner/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    assertValidFhir(missing.body);
    expect(missing.body.issue[0]).toMatchObject({ severity: 'error', code: 'not-found' });
    expect((await get('/fhir/R4/Location/not-a-uuid')).status).toBe(404);

    const badCount = await get('/fhir/R4/Practitioner?_count=many');
    expect(badCount.status).toBe(400);
    assertValidFhir(badCount.body);
    expect(badCount.body.issue[0].diagnostics).toContain('_count');

    const badReference = await get('/fhir/R4/Schedule?actor=Patient/123');
    expect(badReference.status).toBe(400);
    expect(badReference.body.issue[0].diagnostics).toContain('actor');

    const badModifier = await get('/fhir/R4/Practitioner?identifier:above=1');
    expect(badModifier.status).toBe(400);

    const unsupportedType = await get('/fhir/R4/Observation');
    expect(unsupportedType.status).toBe(404);
    assertValidFhir(unsupportedType.body);
    expect(unsupportedType.body.issue[0].diagnostics).toContain('/metadata');
  });

  it('ignores an unknown parameter and says so in the Bundle, or refuses it under Prefer: handling=strict', async () => {
    const lenient = await search('/fhir/R4/Practitioner?nickname=Annie&name=ruiz');
    expect(ids(lenient)).toEqual([ruiz]);
    const outcome = lenient.entry!.find((entry) => entry.search.mode === 'outcome')!.resource;
    expect(JSON.stringify(outcome)).toContain('nickname');
    expect(lenient.link[0]!.url).toBe('http://localhost:3000/fhir/R4/Practitioner?name=ruiz&_count=20');
    const strict = await get('/fhir/R4/Practitioner?nickname=Annie', { prefer: 'handling=strict' });
    expect(strict.status).toBe(400);
    expect(strict.body.issue[0].diagnostics).toContain('nickname');
  });

  it('answers a caller without credentials with 401 as an OperationOutcome', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/fhir/R4/Practitioner' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'login' }] });
  });

  it('lets a staff session in too, the same as a token', async () => {
    const orm = test.database.orm;
    const clinic = await createTestClinic(orm, 'Session Clinic');
    const scheduler = await createTestStaff(orm, clinic.id, 'scheduler');
    const headers = await signInHeaders(server.app, scheduler.email);
    const response = await server.app.inject({ method: 'GET', url: '/fhir/R4/Practitioner', headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ resourceType: 'Bundle', total: 0 });
  });

  it("never shows another organisation's directory", async () => {
    expect((await get(`/fhir/R4/Practitioner/${ruiz}`, {}, otherToken)).status).toBe(404);
    expect((await get(`/fhir/R4/Schedule/${ruizAtBoston}`, {}, otherToken)).status).toBe(404);
    const theirs = await search('/fhir/R4/Practitioner?identifier=1234567893', otherToken);
    expect(theirs.total).toBe(1);
    expect(theirs.entry![0]!.resource).toMatchObject({ name: [{ family: 'Ruizova' }] });
    expect((await search(`/fhir/R4/Schedule?actor=Location/${boston}`, otherToken)).total).toBe(0);
  });
});
