// Who is signed in, which year is shown, and the unit registry (loaded once, for names).
import { get } from './api';
import type { Registry, Role, User, Year } from './types';

export interface AppState {
  user: User | null;
  years: Year[];
  year: number;
}

export const state: AppState = { user: null, years: [], year: new Date().getFullYear() - 1 };

let registry: Promise<Registry> | null = null;

export function loadRegistry(): Promise<Registry> {
  registry ??= get<Registry>('/api/registry').catch((error: unknown) => {
    registry = null;
    throw error;
  });
  return registry;
}

/** Role the page acts as; the router shows only the login form until someone is signed in. */
export function role(): Role | null {
  return state.user?.role ?? null;
}

export const can = {
  upload: () => role() !== 'leader',
  review: () => role() === 'district_admin' || role() === 'city_admin',
  seeProgress: () => role() !== 'unit',
  seeDashboard: () => role() !== 'unit',
  manageAccounts: () => role() === 'city_admin',
};
