// Offline manifest checks (office-addin-manifest validate needs the internet): element order per the
// add-in manifest schema for what we use, HTTPS everywhere, every resid resolving to the right kind
// of resource, string lengths, and the icons the URLs point at.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { SaxesParser } from 'saxes';
import { installFakeOffice } from '../test/support/fake-office';
import { DEV_BASE_URL, writeManifest } from './build';
import { iconPng } from './icons';
import { ICON_SIZES, buildManifest } from './manifest';

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

function parse(xml: string): Node {
  const parser = new SaxesParser({ xmlns: true });
  const root: Node = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: Node[] = [root];
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const [k, a] of Object.entries(tag.attributes)) attrs[k] = typeof a === 'string' ? a : a.value;
    const node: Node = { name: tag.name, attrs, children: [], text: '' };
    stack[stack.length - 1].children.push(node);
    stack.push(node);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (t) => (stack[stack.length - 1].text += t.trim()));
  parser.write(xml).close();
  return root.children[0];
}

const all = (n: Node): Node[] => [n, ...n.children.flatMap(all)];
const child = (n: Node, name: string) => n.children.find((c) => c.name === name)!;
const names = (n: Node) => n.children.map((c) => c.name);

/** Children must appear in the schema's sequence order (optional ones may be absent). */
function expectOrder(n: Node, sequence: string[]): void {
  const positions = names(n).map((name) => sequence.indexOf(name));
  expect(positions).not.toContain(-1);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
}

const BASE = 'https://fazhi.example.gov.cn/addin';
const xml = buildManifest({ baseUrl: `${BASE}/` });
const root = parse(xml);

describe('manifest XML', () => {
  it('is an Excel task pane add-in needing ExcelApi 1.8 and ReadWriteDocument', () => {
    expect(root.name).toBe('OfficeApp');
    expect(root.attrs['xsi:type']).toBe('TaskPaneApp');
    expect(all(root).filter((n) => n.name === 'Host' && n.attrs.Name).map((n) => n.attrs.Name)).toEqual(['Workbook']);
    const set = all(child(root, 'Requirements')).find((n) => n.name === 'Set')!;
    expect(set.attrs).toEqual({ Name: 'ExcelApi', MinVersion: '1.8' });
    expect(child(root, 'Permissions').text).toBe('ReadWriteDocument');
    expect(child(root, 'DefaultLocale').text).toBe('zh-CN');
  });

  it('keeps the schema element order', () => {
    expectOrder(root, [
      'Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl',
      'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'AllowSnapshot', 'VersionOverrides',
    ]);
    for (const required of ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'DefaultSettings', 'Permissions']) expect(names(root)).toContain(required);
    const overrides = child(root, 'VersionOverrides');
    expect(overrides.attrs['xsi:type']).toBe('VersionOverridesV1_0');
    expectOrder(overrides, ['Description', 'Requirements', 'Hosts', 'Resources']);
    const form = all(overrides).find((n) => n.name === 'DesktopFormFactor')!;
    expectOrder(form, ['GetStarted', 'FunctionFile', 'ExtensionPoint']);
    expectOrder(child(form, 'GetStarted'), ['Title', 'Description', 'LearnMoreUrl']);
    for (const group of all(form).filter((n) => n.name === 'Group')) {
      expectOrder(group, ['Label', 'Icon', 'Control']);
      expect(names(group).filter((n) => n === 'Control').length).toBeGreaterThan(0);
    }
    for (const control of all(form).filter((n) => n.name === 'Control')) {
      expect(names(control)).toEqual(['Label', 'Supertip', 'Icon', 'Action']);
      expect(names(child(control, 'Supertip'))).toEqual(['Title', 'Description']);
    }
    expect(names(child(overrides, 'Resources'))).toEqual(['bt:Images', 'bt:Urls', 'bt:ShortStrings', 'bt:LongStrings']);
  });

  it('resolves every resid to a resource of the right kind, with unique ids', () => {
    const resources = child(child(root, 'VersionOverrides'), 'Resources');
    const ids = (kind: string) => new Map(child(resources, kind).children.map((n) => [n.attrs.id, n.attrs.DefaultValue]));
    const images = ids('bt:Images');
    const urls = ids('bt:Urls');
    const short = ids('bt:ShortStrings');
    const long = ids('bt:LongStrings');
    const allIds = [...images.keys(), ...urls.keys(), ...short.keys(), ...long.keys()];
    expect(new Set(allIds).size).toBe(allIds.length);
    const kindOf = (n: Node, parent: Node): Map<string, string> => {
      if (n.name === 'bt:Image') return images;
      if (['SourceLocation', 'FunctionFile', 'LearnMoreUrl'].includes(n.name)) return urls;
      if (n.name === 'Description') return long;
      if (n.name === 'Label' || (n.name === 'Title' && ['Supertip', 'GetStarted'].includes(parent.name))) return short;
      throw new Error(`unexpected resid on ${n.name}`);
    };
    const walk = (n: Node, used: string[]) => {
      for (const c of n.children) {
        if (c.attrs.resid !== undefined) {
          expect(kindOf(c, n).has(c.attrs.resid)).toBe(true);
          used.push(c.attrs.resid);
        }
        walk(c, used);
      }
      return used;
    };
    const used = new Set(walk(child(root, 'VersionOverrides'), []));
    // Nothing defined and never used (a typo in a resid would show up here too).
    expect(allIds.filter((id) => !used.has(id)).sort()).toEqual(['Icon.64']);
    for (const text of short.values()) expect(text.length).toBeLessThanOrEqual(125);
    for (const text of long.values()) expect(text.length).toBeLessThanOrEqual(250);
    const control = all(root).filter((n) => n.name === 'Control');
    expect(new Set(control.map((c) => c.attrs.id)).size).toBe(control.length);
  });

  it('uses HTTPS under the deployment base for every URL', () => {
    const urls = all(root).flatMap((n) => [n.attrs.DefaultValue, n.name === 'AppDomain' ? n.text : undefined]).filter((v): v is string => !!v && /^\w+:\/\//.test(v));
    expect(urls.length).toBeGreaterThan(8);
    for (const url of urls) expect(url.startsWith('https://fazhi.example.gov.cn')).toBe(true);
    expect(child(child(root, 'DefaultSettings'), 'SourceLocation').attrs.DefaultValue).toBe(`${BASE}/taskpane.html`);
    expect(xml).not.toContain('addin//');
  });

  it('names the function the 校验 button runs as the command bundle registers it', async () => {
    const fn = all(root).find((n) => n.name === 'FunctionName')!.text;
    // Load the command bundle in the fake host and see what it registers with Office.actions.
    const host = installFakeOffice(globalThis);
    await import('../addin/src/commands/commands');
    expect(Object.keys((host as unknown as { associations: Record<string, unknown> }).associations)).toContain(fn);
  });

  it('refuses plain HTTP, junk addresses and bad ids in Chinese', () => {
    expect(() => buildManifest({ baseUrl: 'http://fazhi.example.gov.cn/addin' })).toThrow('必须以 https:// 开头');
    expect(() => buildManifest({ baseUrl: 'fazhi' })).toThrow('不是有效的网址');
    expect(() => buildManifest({ baseUrl: BASE, id: 'abc' })).toThrow('不是 GUID');
  });
});

describe('manifest build', () => {
  it('writes the manifest and PNG icons of the sizes the manifest names', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-manifest-'));
    try {
      const { file, developerDefault } = writeManifest(dir, { ADDIN_BASE_URL: BASE, ADDIN_VERSION: '1.2.0.0' });
      expect(developerDefault).toBe(false);
      const written = parse(readFileSync(file, 'utf8'));
      expect(child(written, 'Version').text).toBe('1.2.0.0');
      for (const size of ICON_SIZES) {
        const png = readFileSync(path.join(dir, 'assets', `icon-${size}.png`));
        expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
      }
      for (const image of all(written).filter((n) => n.name === 'bt:Image' && n.attrs.DefaultValue)) {
        const name = image.attrs.DefaultValue.slice(`${BASE}/`.length);
        expect(readFileSync(path.join(dir, name)).length).toBeGreaterThan(0);
      }
      // Unset, the developer's address is used (and said so); plain HTTP is refused.
      const dev = writeManifest(dir, {});
      expect(dev).toMatchObject({ baseUrl: DEV_BASE_URL, developerDefault: true });
      expect(readFileSync(dev.file, 'utf8')).toContain(`${DEV_BASE_URL}/taskpane.html`);
      expect(() => writeManifest(dir, { ADDIN_BASE_URL: 'http://10.0.0.5/addin' })).toThrow('https://');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws icons with transparent rounded corners and an opaque body', () => {
    const size = 32;
    const png = iconPng(size);
    // IHDR is 25 bytes after the 8-byte signature; IDAT follows.
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    const alpha = (x: number, y: number) => raw[y * (size * 4 + 1) + 1 + x * 4 + 3];
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(size - 1, size - 1)).toBe(0);
    expect(alpha(size / 2, size / 2)).toBe(255);
    expect(alpha(1, size / 2)).toBe(255);
  });
});
