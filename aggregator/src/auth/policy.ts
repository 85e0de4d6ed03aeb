// Which roles may call which /api operation. Deny by default: an operation documented in the
// OpenAPI document but missing here answers 403 to everyone; the matrix test checks the table
// covers every documented operation. Finer scope (own unit, own district) is checked by the route.
import type { Role } from '../store';
import type { OpenApiDocument } from '../http/openapi';

/** 'public': no account needed. 'any': any signed-in account. Else the roles allowed. */
export type Access = 'public' | 'any' | readonly Role[];

const CITY: readonly Role[] = ['city_admin'];
const COORDINATORS: readonly Role[] = ['district_admin', 'city_admin'];
const SUBMITTERS: readonly Role[] = ['unit', 'district_admin', 'city_admin'];
const READERS: readonly Role[] = ['district_admin', 'city_admin', 'leader'];

export const ROUTE_ACCESS: Record<string, Access> = {
  'POST /api/session': 'public',
  'GET /api/session': 'public',
  'DELETE /api/session': 'public',
  'POST /api/session/password': 'any',
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',

  'GET /api/registry': 'any',
  'POST /api/registry': CITY,
  'GET /api/registry/template.xlsx': CITY,
  'GET /api/registry/sample': CITY,
  'POST /api/registry/remove-sample': CITY,
  'GET /api/years': 'any',
  'POST /api/years': CITY,
  'POST /api/years/{year}/status': CITY,
  'POST /api/units/{code}/reopen': COORDINATORS,
  'POST /api/units/{code}/excuse': COORDINATORS,
  'POST /api/districts/{code}/signoff': COORDINATORS,
  'POST /api/districts/{code}/confirm': CITY,
  'POST /api/districts/{code}/return': CITY,

  'POST /api/submissions': SUBMITTERS,
  'POST /api/submissions/values': SUBMITTERS,
  'GET /api/submissions': SUBMITTERS,
  'GET /api/submissions/{id}': SUBMITTERS,
  'GET /api/submissions/{id}/original': SUBMITTERS,
  'GET /api/submissions/{id}/diff': SUBMITTERS,
  'GET /api/units/{code}/submissions': SUBMITTERS,
  'POST /api/submissions/{id}/review': COORDINATORS,
  'POST /api/submissions/review-batch': COORDINATORS,

  'POST /api/baselines/extract': SUBMITTERS,
  'PUT /api/baselines/{year}/units/{code}': SUBMITTERS,
  'GET /api/baselines/{year}/units/{code}': SUBMITTERS,
  'GET /api/templates/{year}/units/{code}.xlsx': SUBMITTERS,
  'GET /api/templates/{year}/districts/{code}.zip': COORDINATORS,
  'GET /api/templates/{year}/city.zip': CITY,
  'GET /api/templates/{year}/blank/{unitType}.xlsx': 'any',

  'GET /api/progress': READERS,
  'GET /api/progress/missing.csv': READERS,
  'GET /api/progress/reminders.xlsx': READERS,
  'GET /api/rollups/{year}': READERS,
  'GET /api/rollups/{year}/city.xlsx': READERS,
  'GET /api/rollups/{year}/districts/{code}.xlsx': READERS,
  'GET /api/rollups/{year}/units.csv': READERS,
  'GET /api/rollups/{year}/trace': READERS,
  // Every role; the route narrows to the account's unit or district.
  'GET /api/reports/{year}/draft.docx': ['unit', 'district_admin', 'city_admin', 'leader'],

  'GET /api/users': CITY,
  'POST /api/users': CITY,
  // A district coordinator for their own district only (the service checks the scope).
  'POST /api/users/bulk': COORDINATORS,
  'POST /api/users/{id}/password-reset': CITY,
  'PATCH /api/users/{id}': CITY,
  'GET /api/users/{id}/tokens': CITY,
  'POST /api/users/{id}/tokens': CITY,
  'DELETE /api/tokens/{id}': CITY,
  'GET /api/audit': CITY,
};

/** Who sees the detail of GET /api/health (parse-worker PIDs, counts, upload budget); others get up / database reachable. */
export const HEALTH_DETAIL: Access = CITY;

interface Matcher {
  key: string;
  method: string;
  pattern: RegExp;
  params: number;
}

/** Finds the documented operation of a request: 'GET /api/submissions/{id}', or undefined. */
export function operationMatcher(doc: OpenApiDocument): (method: string, path: string) => string | undefined {
  let matchers: Matcher[] | undefined;
  // Built on first use: route modules document their paths while the app is assembled.
  const build = () =>
    Object.entries(doc.paths)
      .flatMap(([path, item]) =>
        Object.keys(item).map((method) => ({
          key: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          // Case-insensitive and with an optional trailing slash, as Express routes match.
          pattern: new RegExp(`^${path.split(/\{[^}]+\}/).map(escape).join('[^/]+')}/?$`, 'i'),
          params: (path.match(/\{/g) ?? []).length,
        })),
      )
      // Literal paths win over templated ones ('/api/submissions/values' over '/api/submissions/{id}').
      .sort((a, b) => a.params - b.params);
  return (method, path) => {
    matchers ??= build();
    const m = method === 'HEAD' ? 'GET' : method;
    return matchers.find((x) => x.method === m && x.pattern.test(path))?.key;
  };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function allows(access: Access | undefined, role: Role | undefined): boolean {
  if (access === 'public') return true;
  if (!role || access === undefined) return false;
  return access === 'any' || access.includes(role);
}
