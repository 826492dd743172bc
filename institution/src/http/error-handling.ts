import type { Socket } from 'node:net';
import type { FastifyReply } from 'fastify';
import type { ApiError, ApiErrorCode } from '../../contract/api.ts';
import { ApiFailure } from '../errors.ts';
import type { HttpsApp } from './context.ts';

function send(reply: FastifyReply, status: number, code: ApiErrorCode, message: string, retryAfterSeconds?: number): FastifyReply {
  const body: ApiError = { error: retryAfterSeconds === undefined ? { code, message } : { code, message, retryAfterSeconds } };
  if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

// Fixed texts: framework messages can quote the raw body (e.g. a JSON syntax error near a password).
const MESSAGE_BY_CODE: Record<string, string> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: 'the JSON body is empty',
  FST_ERR_CTP_INVALID_JSON_BODY: 'the body is not valid JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'the body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'the content type is not supported; send application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'content-length does not match the body',
  FST_ERR_BAD_URL: 'the URL is malformed',
};

/**
 * Every error leaves as the ApiError body: our typed failures keep their code, framework
 * 4xx errors get the matching code and a fixed message, anything else is a logged 500
 * whose message reveals nothing.
 */
export function installErrorHandling(app: HttpsApp): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof ApiFailure) return send(reply, error.status, error.code, error.message, error.retryAfterSeconds);
    const { statusCode, code } = (error ?? {}) as { statusCode?: unknown; code?: unknown };
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      const apiCode = CODE_BY_STATUS[statusCode] ?? 'bad_request';
      const message = (typeof code === 'string' ? MESSAGE_BY_CODE[code] : undefined) ?? `the request was refused (${apiCode})`;
      return send(reply, statusCode, apiCode, message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'internal', 'internal server error');
  });

  app.setNotFoundHandler((_request, reply) => send(reply, 404, 'not_found', 'no such endpoint'));
}

/** For fastify's `frameworkErrors` (e.g. a malformed percent-encoding in the URL, before routing). */
export function frameworkErrorHandler(error: unknown, _request: unknown, reply: FastifyReply): void {
  const code = (error as { code?: unknown } | null)?.code;
  void send(reply, 400, 'bad_request', (typeof code === 'string' ? MESSAGE_BY_CODE[code] : undefined) ?? 'the request is malformed');
}

/** For fastify's `clientErrorHandler`: HTTP that does not even parse still gets an ApiError. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
  const body = JSON.stringify({ error: { code: 'bad_request', message: 'the HTTP request is malformed' } } satisfies ApiError);
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
