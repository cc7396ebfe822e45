import type { ApiError, ErrorCode, ErrorDetail } from '@patientdesk/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DomainError } from '../errors.ts';

/** Sends the one error shape: `{"error": {"code", "message", "details", "requestId"}}`. */
export function sendError(
  reply: FastifyReply,
  statusCode: number,
  code: ErrorCode,
  message: string,
  details: ErrorDetail[] = [],
  extra: Omit<ApiError['error'], 'code' | 'message' | 'details' | 'requestId'> = {},
): FastifyReply {
  const body: ApiError = {
    error: { code, message, details, ...extra, requestId: String(reply.request.id) },
  };
  return reply.code(statusCode).type('application/json; charset=utf-8').send(body);
}

const validationPlace: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

function validationDetails(error: FastifyError): ErrorDetail[] {
  const place = validationPlace[error.validationContext ?? 'body'] ?? 'body';
  return (error.validation ?? []).map((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return { field: path ? `${place}.${path}` : place, message: issue.message ?? 'is not valid' };
  });
}

/** Fastify's own errors for requests it could not even read, mapped to clear API errors. */
function describeFrameworkError(
  error: FastifyError,
  bodyLimitBytes: number,
): [number, ErrorCode, string] | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return [
        400,
        'malformed_json',
        error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'The request says it carries JSON but the body is empty. Send a JSON body or drop the Content-Type header.'
          : 'The request body is not valid JSON. Check for a missing quote, comma or brace.',
      ];
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return [
        415,
        'unsupported_media_type',
        'This endpoint accepts only application/json. Set Content-Type: application/json.',
      ];
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return [400, 'invalid_request', 'The Content-Length header does not match the body that was sent.'];
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return [
        413,
        'payload_too_large',
        `The request body is larger than the limit of ${bodyLimitBytes} bytes. Send less data at a time.`,
      ];
    default:
      break;
  }
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return [
      400,
      'malformed_json',
      'The request body is not valid JSON. Check for a missing quote, comma or brace.',
    ];
  }
  return undefined;
}

const codeForStatus: Record<number, ErrorCode> = {
  400: 'invalid_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
};

/** Installs the one hook that turns every thrown error into the API error shape. */
export function installErrorHandler(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof DomainError) {
      return sendError(reply, error.statusCode, error.code, error.message, error.details, error.extra);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = validationDetails(error as unknown as FastifyError);
      return sendError(
        reply,
        400,
        'invalid_request',
        'Some fields are missing or not valid; see details.',
        details,
      );
    }
    const framework = describeFrameworkError(error, bodyLimitBytes);
    if (framework) return sendError(reply, ...framework);
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendError(reply, status, codeForStatus[status] ?? 'invalid_request', error.message);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, route: request.routeOptions.url }, 'response did not match its schema');
    } else {
      request.log.error({ err: error }, 'request failed');
    }
    return sendError(
      reply,
      500,
      'internal_error',
      `Something went wrong on our side. Try again; if it keeps happening, report request id ${request.id}.`,
    );
  });
}
