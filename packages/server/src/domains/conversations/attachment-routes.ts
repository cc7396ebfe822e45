import fastifyMultipart from '@fastify/multipart';
import {
  attachmentContentTypes,
  attachmentParamsSchema,
  attachmentSchema,
  conversationIdParamsSchema,
} from '@patientdesk/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError, Invalid, TooLarge, UnsupportedType } from '../../errors.ts';
import type { AppDependencies } from '../../http/app.ts';
import { asStaff } from '../patients/run-as.ts';
import { downloadDisposition } from './attachment-files.ts';
import { downloadAttachment, storeUpload, type UploadedFile } from './attachments.ts';

/** "10 MB": the limit as a person reads it. */
const inMegabytes = (bytes: number) => `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;

/** The multipart parser's own refusals, told in plain words. */
function describeUploadError(error: unknown, maxBytes: number): DomainError | undefined {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return new TooLarge(
      `The file is larger than the limit of ${inMegabytes(maxBytes)} (${maxBytes} bytes). Send a smaller file, or a photo at a lower resolution.`,
    );
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')
    return new UnsupportedType(
      'Upload the file as multipart/form-data (a form with one file field), not as JSON or raw bytes.',
    );
  if (code === 'FST_FILES_LIMIT')
    return new Invalid('Upload one file at a time.', [
      { field: 'file', message: 'only one file per upload' },
    ]);
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return new Invalid('Send only the file in this form, without other fields.', [
      { field: 'body', message: 'too many form fields' },
    ]);
  if (code === 'FST_MP_PREMATURE_CLOSE' || (error as Error).message?.includes('Unexpected end of'))
    return new Invalid('The upload ended before the whole file arrived. Try again.', [
      { field: 'file', message: 'incomplete' },
    ]);
  return undefined;
}

/** The one file of a multipart upload, read whole (it is at most the attachment limit). */
async function readOneFile(request: FastifyRequest, maxBytes: number): Promise<UploadedFile> {
  try {
    let found: UploadedFile | undefined;
    for await (const part of request.parts({
      limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6 },
    })) {
      if (part.type !== 'file') continue;
      if (found) throw describeUploadError({ code: 'FST_FILES_LIMIT' }, maxBytes);
      found = { fileName: part.filename, declaredType: part.mimetype, content: await part.toBuffer() };
    }
    if (!found)
      throw new Invalid('The upload has no file. Send one file in a multipart form field.', [
        { field: 'file', message: 'is required' },
      ]);
    return found;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    // Whatever else goes wrong here is the form itself: busboy could not read it.
    throw (
      describeUploadError(error, maxBytes) ??
      new Invalid(`The upload could not be read as a multipart form: ${(error as Error).message}.`, [
        { field: 'body', message: 'not a readable multipart form' },
      ])
    );
  }
}

/** Uploading a file for a reply, and downloading a conversation's files with access checked. */
export function attachmentRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  const { cipher } = deps;
  const maxBytes = deps.config.channels.attachmentMaxBytes;
  const run = asStaff(deps);
  const allowed = Object.entries(attachmentContentTypes)
    .map(([type, name]) => `${name} (${type})`)
    .join(', ');
  // The multipart parser lives in this plugin's own scope: no other route accepts file uploads.
  const uploadRoute: FastifyPluginAsyncZod = async (upload) => {
    await upload.register(fastifyMultipart, { limits: { fileSize: maxBytes, files: 1 } });
    upload.post(
      '/api/conversations/:id/attachments',
      {
        config: { permission: 'conversation.reply' },
        schema: {
          tags: ['conversations'],
          summary: 'Upload one file to send with a reply (then name its id in `attachmentIds`)',
          description: `multipart/form-data with one file, up to ${maxBytes} bytes (413 \`payload_too_large\` above). The type is read from the content: ${allowed}; anything else is refused with 415 \`unsupported_media_type\` naming what the file is.`,
          params: conversationIdParamsSchema,
          response: { 201: attachmentSchema },
        },
      },
      async (request, reply) => {
        // Read before the transaction opens, so a slow upload holds no database connection.
        const file = await readOneFile(request, maxBytes);
        const stored = await run(request, (scope) => storeUpload(scope, cipher, request.params.id, file));
        return reply.code(201).send(stored);
      },
    );
  };

  return async (app) => {
    await app.register(uploadRoute);

    app.get(
      '/api/conversations/:id/attachments/:attachmentId',
      {
        config: { permission: 'conversation.read' },
        schema: {
          tags: ['conversations'],
          summary: 'Download a file of the conversation (always as a download, never shown inline)',
          params: attachmentParamsSchema,
        },
      },
      async (request, reply) => {
        const file = await run(request, (scope) =>
          downloadAttachment(scope, cipher, request.params.id, request.params.attachmentId),
        );
        return reply
          .header(
            'content-type',
            file.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : file.contentType,
          )
          .header('content-disposition', downloadDisposition(file.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(file.content);
      },
    );
  };
}
