// The Jest stand-in for office-addin-manifest (office-addin-manifest-stub.js): office-addin-mock must
// work through it without a per-test jest.mock, and what it cannot offer must say so when used.
import * as manifest from 'office-addin-manifest';
import { OfficeMockObject } from 'office-addin-mock';

describe('office-addin-manifest stub', () => {
  it('gives office-addin-mock the OfficeApp enum it tells hosts apart with', async () => {
    // Outlook mocks skip load discipline; every other host reads only what was loaded.
    const outlook = new OfficeMockObject({ host: 'outlook', subject: 'x' }) as unknown as { subject: unknown };
    expect(outlook.subject).toBe('x');

    const excel = new OfficeMockObject({ host: 'excel', subject: 'x' }) as unknown as {
      subject: unknown;
      load(p: string): void;
      sync(): Promise<void>;
    };
    expect(excel.subject).not.toBe('x');
    excel.load('subject');
    await excel.sync();
    expect(excel.subject).toBe('x');
  });

  it('names the missing export and why when code reaches for one', () => {
    expect(() => manifest.OfficeAddinManifest).toThrow(/OfficeAddinManifest .*not available under Jest.*ESM-only/);
    expect(() => manifest.validateManifest).toThrow(/validateManifest/);
  });
});
