// Per-user settings of the pane (aggregator address, the unit's token), kept in the add-in's own
// browser storage: it belongs to the user's Office profile, not to the workbook that is sent away.
export interface PaneSettings {
  baseUrl: string;
  token: string;
}

const KEY = 'fazhi-addin-settings';

/** When the pane is served by the aggregator itself (/addin/…), that aggregator is the default. */
export function defaultBaseUrl(location: Pick<Location, 'origin' | 'pathname'>): string {
  return location.pathname.startsWith('/addin/') ? location.origin : '';
}

export function loadSettings(storage: Storage, location: Pick<Location, 'origin' | 'pathname'>): PaneSettings {
  const fallback = { baseUrl: defaultBaseUrl(location), token: '' };
  try {
    const saved = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<PaneSettings> | null;
    return { baseUrl: saved?.baseUrl ?? fallback.baseUrl, token: saved?.token ?? '' };
  } catch {
    return fallback;
  }
}

export function saveSettings(storage: Storage, settings: PaneSettings): void {
  storage.setItem(KEY, JSON.stringify({ baseUrl: settings.baseUrl.trim().replace(/\/+$/, ''), token: settings.token.trim() }));
}
