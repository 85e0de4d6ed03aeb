// How much of a request body the server reads, per route, before anything else happens. The auth
// middleware runs first, so only a signed-in caller with the right role gets a body read at all —
// except POST /api/session, whose body (a user name and a password) is read before anyone is known
// and is therefore held to a few kilobytes. Bodies over a limit are refused by their declared length
// (413) without being parsed; the large limits serve only the upload routes.
import express from 'express';
import type { Options as MulterOptions } from 'multer';
import { appError } from '../../../templates/src/core/error-catalogue';
import type { Config } from '../config';

const KB = 1024;

/** POST /api/session: {"username": ≤64 chars, "password": ≤200 chars} fits many times over. */
export const LOGIN_BODY_MAX_BYTES = 4 * KB;
/** Every other JSON route (accounts, tokens, years, reviews) but the values-only submission. */
export const JSON_BODY_MAX_BYTES = 100 * KB;
/** Multipart text fields (none is used today beyond a few flags). */
export const MULTIPART_FIELDS_MAX = 20;
export const MULTIPART_FIELD_MAX_BYTES = 8 * KB;
export const MULTIPART_FIELD_NAME_MAX_BYTES = 100;
/** Header lines of one part (Content-Disposition, Content-Type …). */
export const MULTIPART_HEADER_PAIRS_MAX = 20;

/**
 * multer's limits for a route taking up to `files` files of `fileSize` bytes: a bounded number of
 * parts and fields, each field and name bounded, so a form of a million empty fields is refused early.
 */
export function multipartLimits(fileSize: number, files: number): NonNullable<MulterOptions['limits']> {
  return {
    fileSize,
    files,
    fields: MULTIPART_FIELDS_MAX,
    parts: files + MULTIPART_FIELDS_MAX,
    fieldSize: MULTIPART_FIELD_MAX_BYTES,
    fieldNameSize: MULTIPART_FIELD_NAME_MAX_BYTES,
    headerPairs: MULTIPART_HEADER_PAIRS_MAX,
  };
}

/** Paths (under /api) whose JSON body may be as large as an upload: the add-in's values-only submission. */
const LARGE_JSON = /^\/submissions\/values\/?$/i;
const LOGIN = /^\/session\/?$/i;

/** The error a body over `limit` gets, by its declared length or (body-parser) once the limit is read. */
export const bodyTooLarge = (limit: number) =>
  appError('BODY_TOO_LARGE', { limitBytes: limit });

/**
 * The JSON parser for /api: the limit chosen by route, so no public route parses a large body. A
 * body that declares more than its limit is refused at once, before any of it is parsed; one sent
 * without a length is read up to the limit and then refused.
 */
export function jsonBodies(config: Pick<Config, 'uploadMaxBytes'>): express.RequestHandler {
  const parsers = new Map<number, express.RequestHandler>();
  const parserFor = (limit: number) => {
    let parser = parsers.get(limit);
    if (!parser) parsers.set(limit, (parser = express.json({ limit })));
    return parser;
  };
  return (req, res, next) => {
    const limit = LOGIN.test(req.path) ? LOGIN_BODY_MAX_BYTES : LARGE_JSON.test(req.path) ? config.uploadMaxBytes : JSON_BODY_MAX_BYTES;
    const declared = Number(req.headers['content-length']);
    // Answered at once; Node discards the rest of the body unparsed. (Closing the connection instead
    // would race the client still sending: it could meet a reset before reading the answer.)
    if (req.is('application/json') && declared > limit) return next(bodyTooLarge(limit));
    parserFor(limit)(req, res, next);
  };
}
