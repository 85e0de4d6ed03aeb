// The web page for coordinators and leaders: boot (session, years), hash routes, one page at a time.
import { api, ApiError, get, setCsrfToken, whenUnauthorized } from './api';
import { h, notice } from './dom';
import { renderAdmin } from './pages/admin';
import { renderAudit } from './pages/audit';
import { renderBaseline } from './pages/baseline';
import { renderDashboard } from './pages/dashboard';
import { renderLogin } from './pages/login';
import { renderPassword, renderPasswordRequired } from './pages/password';
import { renderProgress } from './pages/progress';
import { renderSubmission } from './pages/submission';
import { renderSubmissions } from './pages/submissions';
import { renderUpload } from './pages/upload';
import { homePath, NAV, renderShell } from './shell';
import { state } from './state';
import type { User, Year } from './types';

type Page = (main: HTMLElement, params: URLSearchParams, id: string | undefined) => Promise<void>;

const PAGES: Record<string, Page> = {
  progress: renderProgress,
  upload: renderUpload,
  submissions: renderSubmissions,
  submission: renderSubmission,
  dashboard: renderDashboard,
  admin: renderAdmin,
  audit: renderAudit,
  baseline: renderBaseline,
  password: renderPassword,
};

const root = (): HTMLElement => document.getElementById('app')!;

function parseHash(): { path: string; id?: string; params: URLSearchParams } {
  const [route, search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [path, id] = route.split('/');
  return { path: path || '', id: id ? decodeURIComponent(id) : undefined, params: new URLSearchParams(search) };
}

async function route(): Promise<void> {
  const { path, id, params } = parseHash();
  if (!state.user) {
    renderLogin(root(), signedIn);
    return;
  }
  const allowed = path === 'submission' || path === 'password' || NAV.some((n) => n.path === path && n.visible());
  if (!PAGES[path] || !allowed) {
    location.replace(`#/${homePath()}`);
    return;
  }
  const yearParam = Number(params.get('year'));
  if (yearParam && state.years.some((y) => y.year === yearParam)) state.year = yearParam;
  const main = renderShell(root(), path, () => void route());
  main.replaceChildren(h('p', { class: 'loading' }, '正在加载……'));
  try {
    await PAGES[path](main, params, id);
  } catch (error) {
    main.replaceChildren(notice('error', error instanceof ApiError ? error.message : `页面出错：${(error as Error).message}。请刷新页面重试。`));
  }
}

async function loadYears(): Promise<void> {
  const { years } = await get<{ years: Year[] }>('/api/years');
  state.years = [...years].sort((a, b) => b.year - a.year);
  // The newest year still open is the one people work on.
  const open = state.years.find((y) => y.status === 'open') ?? state.years[0];
  if (open) state.year = open.year;
}

function signedIn(user: User, csrfToken: string): void {
  state.user = user;
  setCsrfToken(csrfToken);
  // A one-time password: the server answers nothing else until it is replaced.
  if (user.mustChangePassword) {
    const logout = () => void api('DELETE', '/api/session').finally(() => location.reload());
    renderPasswordRequired(root(), user, (changed) => signedIn(changed, csrfToken), logout);
    return;
  }
  loadYears()
    .then(() => {
      if (!parseHash().path || parseHash().path === 'login') location.hash = `#/${homePath()}`;
      else void route();
    })
    .catch((error: unknown) => root().replaceChildren(notice('error', (error as Error).message)));
}

async function boot(): Promise<void> {
  whenUnauthorized(() => {
    state.user = null;
    renderLogin(root(), signedIn, '登录已过期（长时间未操作），请重新登录。');
  });
  try {
    const session = await get<{ user: User; csrfToken: string }>('/api/session');
    signedIn(session.user, session.csrfToken);
  } catch (error) {
    // 401: nobody signed in yet, the router shows the login form.
    if (error instanceof ApiError && error.status === 401) await route();
    else root().replaceChildren(notice('error', (error as Error).message));
  }
}

window.addEventListener('hashchange', () => void route());
void boot();
