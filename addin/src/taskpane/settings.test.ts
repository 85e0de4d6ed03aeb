import { defaultBaseUrl, loadSettings, saveSettings } from './settings';

class MemoryStorage implements Storage {
  private data = new Map<string, string>();
  get length() {
    return this.data.size;
  }
  clear() {
    this.data.clear();
  }
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  key(i: number) {
    return [...this.data.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
}

const served = { origin: 'https://fazhi.example.gov.cn', pathname: '/addin/taskpane.html' };

it('defaults to the aggregator that serves the pane, and to nothing elsewhere', () => {
  expect(defaultBaseUrl(served)).toBe('https://fazhi.example.gov.cn');
  expect(defaultBaseUrl({ origin: 'https://localhost:3000', pathname: '/taskpane.html' })).toBe('');
  expect(loadSettings(new MemoryStorage(), served)).toEqual({ baseUrl: 'https://fazhi.example.gov.cn', token: '' });
});

it('keeps what the user saved, trimmed, and survives a corrupt entry', () => {
  const storage = new MemoryStorage();
  saveSettings(storage, { baseUrl: ' https://agg.example.gov.cn/ ', token: ' abc ' });
  expect(loadSettings(storage, served)).toEqual({ baseUrl: 'https://agg.example.gov.cn', token: 'abc' });
  storage.setItem('fazhi-addin-settings', '{not json');
  expect(loadSettings(storage, served).baseUrl).toBe('https://fazhi.example.gov.cn');
});
