// Who is calling, and may they? Runs before every /api route: identifies the caller by API token
// (Authorization: Bearer) or session cookie, applies the route table (policy.ts; deny by default)
// and, for cookie-authenticated unsafe requests, the CSRF checks (Origin and X-CSRF-Token).
import cookieParser from 'cookie-parser';
import type express from 'express';
import type { Logger } from 'pino';
import { appError } from '../../../templates/src/core/error-catalogue';
import type { AppError } from '../../../templates/src/core/errors';
import type { Config } from '../config';
import { ALLOWED_BEFORE_PASSWORD_CHANGE } from '../contract/accounts';
import { unknownOperation } from '../http/errors';
import type { OpenApiDocument } from '../http/openapi';
import type { Store, User } from '../store';
import { accountDisabled } from './login';
import { allows, operationMatcher, ROUTE_ACCESS } from './policy';
import { ROLE_LABELS } from './scope';
import { sameSecret, sha256Hex } from './secrets';

export const SESSION_COOKIE = 'fz_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface AuthContext {
  user: User;
  via: 'session' | 'token';
  /** SHA-256 of the session cookie (session only). */
  sessionHash?: string;
  csrfToken?: string;
  tokenId?: string;
}

declare global {
  // Express's own extension point for res.locals.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      auth?: AuthContext;
    }
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const authRequired = () => appError('AUTH_REQUIRED');

/** The signed-in user of a request that passed the middleware (routes behind a role always have one). */
export function currentUser(res: express.Response): User {
  const user = res.locals.auth?.user;
  if (!user) throw authRequired();
  return user;
}

export function sessionCookieOptions(req: express.Request): express.CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' };
}

/** The browser a login came from (login throttling, see login.ts): sent to the login only, kept 180 days. */
export const DEVICE_COOKIE = 'fz_device';
export function deviceCookieOptions(req: express.Request): express.CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/api/session', maxAge: 180 * 24 * 3600_000 };
}

/** The origin this server is reached at, as browsers send it in the Origin header. */
export const ownOrigin = (req: express.Request, config: Config): string => config.publicOrigin ?? `${req.protocol}://${req.get('host') ?? ''}`;

/** A browser-sent Origin must be ours: a page elsewhere cannot make the user's browser act here. */
export function checkOrigin(req: express.Request, config: Config): void {
  const origin = req.get('origin');
  if (origin !== undefined && origin !== ownOrigin(req, config)) {
    throw appError('CSRF', { origin });
  }
}

/** Installs cookie parsing and the auth middleware on /api. Call before mounting the route modules. */
export function installAuth(app: express.Express, deps: { store: Store; config: Config; logger?: Logger }, openapi: OpenApiDocument): void {
  if (deps.config.trustProxy !== false) app.set('trust proxy', deps.config.trustProxy);
  else if (deps.logger) app.use('/api', warnOfUntrustedProxy(deps.logger));
  app.use('/api', cookieParser(), authMiddleware(deps, openapi));
}

/**
 * Without TRUST_PROXY every request behind a proxy comes from the proxy's address: the per-address
 * login throttle then counts every user's failures together. Said once in the log, at the first
 * request that carries X-Forwarded-For (which is then ignored: a client could write anything there).
 */
function warnOfUntrustedProxy(logger: Logger): express.RequestHandler {
  let warned = false;
  return (req, _res, next) => {
    if (!warned && req.get('x-forwarded-for') !== undefined) {
      warned = true;
      logger.warn(
        { peer: req.socket.remoteAddress },
        '请求带有 X-Forwarded-For，但未设置 TRUST_PROXY：所有登录都记在代理的地址上（按地址的登录限制会把代理后的所有用户算在一起）。位于反向代理之后时请设置 TRUST_PROXY=1。',
      );
    }
    next();
  };
}

function authMiddleware({ store, config }: { store: Store; config: Config }, openapi: OpenApiDocument): express.RequestHandler {
  const operationOf = operationMatcher(openapi);
  const idleMs = config.sessionIdleMinutes * 60_000;
  return async (req, res, next) => {
    try {
      const path = req.originalUrl.split('?')[0];
      const operation = operationOf(req.method, path);
      const access = operation ? ROUTE_ACCESS[operation] : undefined;
      const isPublic = access === 'public';
      const { auth, refusal } = await identify(req, res, store, idleMs);
      if (auth) res.locals.auth = auth;

      if (!auth && !isPublic) throw refusal ?? authRequired();
      // Every /api route is documented (the OpenAPI test checks it): a request matching no documented
      // operation ends here, so no route can be reached around the table below.
      if (!operation) throw unknownOperation(req);
      if (auth && !isPublic && !allows(access, auth.user.role)) {
        // An operation the role may not use, or one nobody was granted (deny by default).
        throw appError('FORBIDDEN_ROLE', { roleLabel: ROLE_LABELS[auth.user.role] });
      }
      // A one-time password opens a session for one thing only: setting a password of one's own.
      if (auth?.via === 'session' && auth.user.mustChangePassword && !isPublic && !ALLOWED_BEFORE_PASSWORD_CHANGE.includes(operation)) {
        throw appError('PASSWORD_CHANGE_REQUIRED');
      }
      // A token is never attached by a browser on its own, so token calls (scripts, an add-in served
      // from another origin) need neither check; cookies and password logins need both.
      if (UNSAFE.has(req.method) && auth?.via !== 'token') {
        checkOrigin(req, config);
        // Logging in needs no token yet; every other cookie-authenticated change must carry it.
        if (auth?.via === 'session' && operation !== 'POST /api/session') {
          const sent = req.get(CSRF_HEADER);
          if (!sent || !auth.csrfToken || !sameSecret(sent, auth.csrfToken)) {
            throw appError('CSRF');
          }
        }
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

async function identify(
  req: express.Request,
  res: express.Response,
  store: Store,
  idleMs: number,
): Promise<{ auth?: AuthContext; refusal?: AppError }> {
  const header = req.get('authorization');
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    const found = match ? await store.accounts.findTokenUser(sha256Hex(match[1])) : undefined;
    if (!found) return { refusal: appError('TOKEN_INVALID') };
    if (found.user.disabled) return { refusal: accountDisabled() };
    return { auth: { user: found.user, via: 'token', tokenId: found.tokenId } };
  }
  const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  if (!cookie) return {};
  const idHash = sha256Hex(cookie);
  const session = await store.accounts.findSession(idHash);
  if (!session) return { refusal: appError('SESSION_EXPIRED') };
  const idle = Date.now() - Date.parse(session.lastSeenAt);
  if (idle > idleMs) {
    await store.accounts.deleteSession(idHash);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    return { refusal: appError('SESSION_EXPIRED', { idleMinutes: Math.round(idleMs / 60_000) }) };
  }
  if (session.user.disabled) return { refusal: accountDisabled() };
  // Refresh the idle clock at most every minute (or tenth of the timeout): one write, not one per request.
  if (idle > Math.min(60_000, idleMs / 10)) await store.accounts.touchSession(idHash);
  return { auth: { user: session.user, via: 'session', sessionHash: idHash, csrfToken: session.csrfToken } };
}
