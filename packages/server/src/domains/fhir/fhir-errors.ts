import type { ErrorDetail } from '@patientdesk/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError } from '../../errors.ts';

/**
 * Errors on the FHIR facade are OperationOutcome resources (https://hl7.org/fhir/R4/operationoutcome.html)
 * with the HTTP status a FHIR client acts on, never the rest of the API's `{"error": ...}` shape.
 * Services throw the usual domain errors; this module only changes how they are written out.
 */

/** IssueType codes (https://hl7.org/fhir/R4/valueset-issue-type.html) the facade uses. */
export type IssueType =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'not-supported'
  | 'login'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'duplicate'
  | 'processing'
  | 'too-long'
  | 'throttled'
  | 'exception'
  | 'informational';

export interface OperationOutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: IssueType;
  diagnostics?: string;
  /** FHIRPath of the element at fault, e.g. `Appointment.slot[0]`. */
  expression?: string[];
}

// A type rather than an interface, so it is also a FhirResource (a Bundle entry).
export type OperationOutcome = {
  resourceType: 'OperationOutcome';
  issue: OperationOutcomeIssue[];
};

export function operationOutcome(issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

/** The client asked for a format other than FHIR JSON (XML, Turtle). */
export class NotAcceptable extends DomainError {
  constructor(message: string) {
    super('unsupported_media_type', 406, message);
  }
}

const issueTypeForStatus: Record<number, IssueType> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  406: 'not-supported',
  409: 'conflict',
  412: 'conflict',
  413: 'too-long',
  415: 'not-supported',
  422: 'processing',
  429: 'throttled',
};

/** The outcome for an error with a status, a sentence a person reads, and the fields at fault. */
export function outcomeOf(status: number, message: string, details: ErrorDetail[] = []): OperationOutcome {
  const code = issueTypeForStatus[status] ?? (status >= 500 ? 'exception' : 'processing');
  return operationOutcome([
    { severity: 'error', code, diagnostics: message },
    ...details.map(
      (detail): OperationOutcomeIssue => ({
        severity: 'error',
        code: status === 400 ? 'value' : code,
        diagnostics: detail.field ? `${detail.field}: ${detail.message}` : detail.message,
        ...(detail.field ? { expression: [detail.field] } : {}),
      }),
    ),
  ]);
}

/** Fastify's own refusals of a request it could not read, as [status, message]. */
function frameworkProblem(error: FastifyError, bodyLimitBytes: number): [number, string] | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return [400, 'The request body is not valid JSON. Check for a missing quote, comma or brace.'];
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return [400, 'The request says it carries JSON but the body is empty. Send a FHIR resource.'];
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return [
        415,
        'The FHIR endpoint reads JSON only. Send Content-Type: application/fhir+json (or application/json).',
      ];
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return [413, `The request body is larger than the limit of ${bodyLimitBytes} bytes.`];
    default:
      break;
  }
  if (error instanceof SyntaxError && error.statusCode === 400)
    return [400, 'The request body is not valid JSON. Check for a missing quote, comma or brace.'];
  return undefined;
}

/** Sends an OperationOutcome with its status. */
export function sendOutcome(reply: FastifyReply, status: number, outcome: OperationOutcome): FastifyReply {
  return reply.code(status).send(outcome);
}

/** Makes every error in the FHIR plugin's scope an OperationOutcome (routes, auth hooks and body parsing). */
export function installFhirErrorHandler(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof DomainError)
      return sendOutcome(reply, error.statusCode, outcomeOf(error.statusCode, error.message, error.details));
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = (error.validation ?? []).map((issue) => ({
        field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || 'request',
        message: issue.message ?? 'is not valid',
      }));
      return sendOutcome(
        reply,
        400,
        outcomeOf(400, 'Some parts of the request are not valid; see the issues.', details),
      );
    }
    const framework = frameworkProblem(error, bodyLimitBytes);
    if (framework) return sendOutcome(reply, framework[0], outcomeOf(framework[0], framework[1]));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendOutcome(reply, status, outcomeOf(status, error.message));
    request.log.error({ err: error }, 'FHIR request failed');
    return sendOutcome(
      reply,
      500,
      outcomeOf(
        500,
        `Something went wrong on our side. Try again; if it keeps happening, report request id ${request.id}.`,
      ),
    );
  });
}
